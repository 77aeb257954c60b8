pub mod error_panel;
pub mod history_bits;
pub mod lang_switcher;
pub mod layout;
pub mod more_pages;
pub mod page_title;
pub mod password_field;
pub mod sandbox_banner;
