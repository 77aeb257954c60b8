//! A push's words: its status, its elements and their fields, its lifetime.
use crate::domain::draft::ElementKind;
use crate::domain::push::field::{ElementField, ImagePart};
use crate::domain::vocab::PushStatus;
use crate::i18n::*;

pub fn status_name(locale: Locale, status: PushStatus) -> String {
    match status {
        PushStatus::Sent => td_string!(locale, push_status_sent),
        PushStatus::Failed => td_string!(locale, push_status_failed),
        PushStatus::Unknown => td_string!(locale, push_status_unknown),
        PushStatus::Refused => td_string!(locale, push_status_refused),
        PushStatus::Sending => td_string!(locale, push_status_sending),
        PushStatus::AwaitingApproval => td_string!(locale, push_status_awaiting_approval),
        PushStatus::Approved => td_string!(locale, push_status_approved),
        PushStatus::Scheduled => td_string!(locale, push_status_scheduled),
        PushStatus::Rejected => td_string!(locale, push_status_rejected),
        PushStatus::Withdrawn => td_string!(locale, push_status_withdrawn),
        PushStatus::Superseded => td_string!(locale, push_status_superseded),
        PushStatus::Cancelled => td_string!(locale, push_status_cancelled),
        PushStatus::Missed => td_string!(locale, push_status_missed),
    }
    .to_string()
}

/// A message element's type.
pub fn element_kind_name(locale: Locale, kind: ElementKind) -> String {
    match kind {
        ElementKind::Text => td_string!(locale, el_text),
        ElementKind::Image => td_string!(locale, el_image),
        ElementKind::Custom => td_string!(locale, el_custom),
        ElementKind::Location => td_string!(locale, el_location),
        ElementKind::Face => td_string!(locale, el_face),
        ElementKind::Sound => td_string!(locale, el_sound),
        ElementKind::File => td_string!(locale, el_file),
        ElementKind::Video => td_string!(locale, el_video),
    }
    .to_string()
}

/// The operator's words for an element's field, with the API's name after
/// them: "Large · Width (Width)".
pub fn element_field_label(locale: Locale, field: ElementField) -> String {
    use ElementField as F;
    let words = match field {
        F::Text => td_string!(locale, f_text),
        F::Desc => td_string!(locale, f_desc),
        F::Latitude => td_string!(locale, f_latitude),
        F::Longitude => td_string!(locale, f_longitude),
        F::FaceIndex => td_string!(locale, f_face_index),
        F::Data => td_string!(locale, f_data),
        F::Ext => td_string!(locale, f_ext),
        F::Sound => td_string!(locale, f_sound),
        F::Url | F::VideoUrl | F::ThumbUrl | F::Image(_, ImagePart::Url) => {
            td_string!(locale, f_url)
        }
        F::Uuid | F::VideoUuid | F::ThumbUuid => td_string!(locale, f_uuid),
        F::Size | F::FileSize | F::VideoSize | F::ThumbSize | F::Image(_, ImagePart::Size) => {
            td_string!(locale, f_size)
        }
        F::Second | F::VideoSecond => td_string!(locale, f_seconds),
        F::ThumbWidth | F::Image(_, ImagePart::Width) => td_string!(locale, f_width),
        F::ThumbHeight | F::Image(_, ImagePart::Height) => td_string!(locale, f_height),
        F::FileName => td_string!(locale, f_file_name),
        F::VideoFormat | F::ThumbFormat => td_string!(locale, f_format),
    }
    .to_string();
    let group = match field {
        F::Image(0, _) => Some(td_string!(locale, img_original)),
        F::Image(1, _) => Some(td_string!(locale, img_large)),
        F::Image(..) => Some(td_string!(locale, img_thumb)),
        F::ThumbUrl
        | F::ThumbUuid
        | F::ThumbSize
        | F::ThumbWidth
        | F::ThumbHeight
        | F::ThumbFormat => Some(td_string!(locale, vid_thumb)),
        F::VideoUrl | F::VideoUuid | F::VideoSize | F::VideoSecond | F::VideoFormat => {
            Some(td_string!(locale, vid_video))
        }
        _ => None,
    };
    match group {
        Some(group) => format!("{group} · {words}"),
        None => words,
    }
}

/// A lifetime in plain words: "online users only", "1 hour", "2 days".
pub fn life_words(locale: Locale, secs: i64) -> String {
    match secs {
        0 => td_string!(locale, life_online_only).to_string(),
        s if s % 86_400 == 0 => td_string!(locale, life_days, n = s / 86_400).to_string(),
        s if s % 3_600 == 0 => td_string!(locale, life_hours, n = s / 3_600).to_string(),
        s if s % 60 == 0 => td_string!(locale, life_minutes, n = s / 60).to_string(),
        s => td_string!(locale, life_seconds, n = s).to_string(),
    }
}

/// A step of the composer.
pub fn step_name(locale: Locale, step: crate::domain::compose::ComposeStep) -> String {
    use crate::domain::compose::ComposeStep;
    match step {
        ComposeStep::Audience => td_string!(locale, step_audience),
        ComposeStep::Message => td_string!(locale, step_message),
        ComposeStep::Notification => td_string!(locale, step_notification),
        ComposeStep::Review => td_string!(locale, step_review),
    }
    .to_string()
}
