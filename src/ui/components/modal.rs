//! A question that must be answered before anything else: a modal dialog.
//! The page behind is inert, Tab stays inside, Escape is the same as
//! Cancel, and when it closes focus goes back to the control that opened it.
use crate::ui::navigation::{focus_by_id, keep_tab_inside};
use leptos::prelude::*;

#[component]
pub fn Modal(
    /// The id of the text that names the dialog.
    labelled_by: &'static str,
    /// The id of the control that opened it, where focus returns.
    #[prop(into)]
    return_to: String,
    /// Escape: the same as the dialog's own Cancel.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// A question about something irreversible (role `alertdialog`).
    #[prop(optional)]
    alert: bool,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Dialog>::new();
    // Browser only: an effect never runs on the server.
    Effect::new(move |_| {
        if let Some(dialog) = node.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        }
    });
    on_cleanup(move || focus_by_id(&return_to));
    view! {
        <dialog node_ref=node class=format!("modal {class}") role=alert.then_some("alertdialog")
            aria-labelledby=labelled_by
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_cancel.run(());
            }
            on:keydown=move |ev| if let Some(dialog) = node.get() { keep_tab_inside(&ev, &dialog); }>
            {children()}
        </dialog>
    }
}
