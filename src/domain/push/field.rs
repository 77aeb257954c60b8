//! The fields of a message element the composer edits, as typed accessors:
//! each reads and writes its value on the element itself (no JSON round trip
//! per keystroke), and names the path `validate` reports its problems at, so
//! a problem marks exactly the input bound to it.
use super::elements::ElementKind;
use super::MsgElement;

/// How typed text becomes the field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    /// An integer; empty is allowed where the field is optional.
    Integer,
    Decimal,
}

impl Shape {
    /// The value `typed` stands for, written as the field reads back: an
    /// input is only rewritten when the value differs, so typing "1." or
    /// "-" is never disturbed.
    pub fn canon(self, typed: &str) -> String {
        match self {
            Shape::Text => typed.to_string(),
            Shape::Integer => typed
                .trim()
                .parse::<i64>()
                .map(|n| n.to_string())
                .unwrap_or_default(),
            Shape::Decimal => typed
                .trim()
                .parse::<f64>()
                .map(|n| n.to_string())
                .unwrap_or_default(),
        }
    }
}

/// One of an image's three variants' fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImagePart {
    Url,
    Size,
    Width,
    Height,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementField {
    Text,
    /// Location's (required) or Custom's (optional) `Desc`.
    Desc,
    Latitude,
    Longitude,
    FaceIndex,
    /// Custom's (required) or Face's (optional) `Data`.
    Data,
    Ext,
    Sound,
    Url,
    Uuid,
    Size,
    Second,
    FileName,
    FileSize,
    VideoUrl,
    VideoUuid,
    VideoSize,
    VideoSecond,
    VideoFormat,
    ThumbUrl,
    ThumbUuid,
    ThumbSize,
    ThumbWidth,
    ThumbHeight,
    ThumbFormat,
    /// A field of the image variant at this index of ImageInfoArray.
    Image(usize, ImagePart),
}

/// A field as an element's form shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: ElementField,
    pub optional: bool,
    pub multiline: bool,
}

impl ElementField {
    /// The fields of an element of `kind`, in the order its form shows them
    /// (download flags excepted: the product sets them).
    pub fn of(kind: ElementKind) -> Vec<FieldSpec> {
        use ElementField as F;
        let req = |field| FieldSpec {
            field,
            optional: false,
            multiline: false,
        };
        let opt = |field| FieldSpec {
            optional: true,
            ..req(field)
        };
        let long = |field| FieldSpec {
            multiline: true,
            ..req(field)
        };
        match kind {
            ElementKind::Text => vec![long(F::Text)],
            ElementKind::Location => vec![req(F::Desc), req(F::Latitude), req(F::Longitude)],
            ElementKind::Face => vec![req(F::FaceIndex), opt(F::Data)],
            ElementKind::Custom => vec![long(F::Data), opt(F::Desc), opt(F::Ext), opt(F::Sound)],
            ElementKind::Sound => vec![req(F::Url), req(F::Uuid), opt(F::Size), opt(F::Second)],
            ElementKind::Image => {
                let mut all = vec![req(F::Uuid)];
                for i in 0..3 {
                    all.push(req(F::Image(i, ImagePart::Url)));
                    all.push(opt(F::Image(i, ImagePart::Size)));
                    all.push(req(F::Image(i, ImagePart::Width)));
                    all.push(req(F::Image(i, ImagePart::Height)));
                }
                all
            }
            ElementKind::File => vec![
                req(F::Url),
                req(F::Uuid),
                opt(F::FileName),
                opt(F::FileSize),
            ],
            ElementKind::Video => vec![
                req(F::VideoUrl),
                req(F::VideoUuid),
                opt(F::VideoSize),
                opt(F::VideoSecond),
                opt(F::VideoFormat),
                req(F::ThumbUrl),
                req(F::ThumbUuid),
                opt(F::ThumbSize),
                req(F::ThumbWidth),
                req(F::ThumbHeight),
                opt(F::ThumbFormat),
            ],
        }
    }

    /// The field's name in the API (what the operator sees as a hint).
    pub fn api_name(self) -> &'static str {
        use ElementField as F;
        match self {
            F::Text => "Text",
            F::Desc => "Desc",
            F::Latitude => "Latitude",
            F::Longitude => "Longitude",
            F::FaceIndex => "Index",
            F::Data => "Data",
            F::Ext => "Ext",
            F::Sound => "Sound",
            F::Url => "Url",
            F::Uuid => "UUID",
            F::Size => "Size",
            F::Second => "Second",
            F::FileName => "FileName",
            F::FileSize => "FileSize",
            F::VideoUrl => "VideoUrl",
            F::VideoUuid => "VideoUUID",
            F::VideoSize => "VideoSize",
            F::VideoSecond => "VideoSecond",
            F::VideoFormat => "VideoFormat",
            F::ThumbUrl => "ThumbUrl",
            F::ThumbUuid => "ThumbUUID",
            F::ThumbSize => "ThumbSize",
            F::ThumbWidth => "ThumbWidth",
            F::ThumbHeight => "ThumbHeight",
            F::ThumbFormat => "ThumbFormat",
            F::Image(_, ImagePart::Url) => "URL",
            F::Image(_, ImagePart::Size) => "Size",
            F::Image(_, ImagePart::Width) => "Width",
            F::Image(_, ImagePart::Height) => "Height",
        }
    }

    /// Where inside MsgContent `validate` reports this field's problems.
    pub fn path(self) -> String {
        match self {
            ElementField::Image(i, _) => format!("ImageInfoArray[{i}].{}", self.api_name()),
            _ => self.api_name().to_string(),
        }
    }

    /// The same path as an HTML id's tail ("ImageInfoArray-1-URL").
    pub fn id_part(self) -> String {
        match self {
            ElementField::Image(i, _) => format!("ImageInfoArray-{i}-{}", self.api_name()),
            _ => self.api_name().to_string(),
        }
    }

    pub fn shape(self) -> Shape {
        use ElementField as F;
        match self {
            F::Latitude | F::Longitude => Shape::Decimal,
            F::FaceIndex
            | F::Size
            | F::Second
            | F::FileSize
            | F::VideoSize
            | F::VideoSecond
            | F::ThumbSize
            | F::ThumbWidth
            | F::ThumbHeight
            | F::Image(_, ImagePart::Size | ImagePart::Width | ImagePart::Height) => Shape::Integer,
            _ => Shape::Text,
        }
    }

    /// The value as the input shows it; "" where the element has no such
    /// field or it is absent.
    pub fn read(self, e: &MsgElement) -> String {
        use ElementField as F;
        let text = |s: &String| s.clone();
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let int = |n: &i64| n.to_string();
        let opt_int = |n: &Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        match (self, e) {
            (F::Text, MsgElement::Text(e)) => text(&e.text),
            (F::Desc, MsgElement::Location(e)) => text(&e.desc),
            (F::Latitude, MsgElement::Location(e)) => e.latitude.to_string(),
            (F::Longitude, MsgElement::Location(e)) => e.longitude.to_string(),
            (F::FaceIndex, MsgElement::Face(e)) => int(&e.index),
            (F::Data, MsgElement::Face(e)) => opt(&e.data),
            (F::Data, MsgElement::Custom(e)) => text(&e.data),
            (F::Desc, MsgElement::Custom(e)) => opt(&e.desc),
            (F::Ext, MsgElement::Custom(e)) => opt(&e.ext),
            (F::Sound, MsgElement::Custom(e)) => opt(&e.sound),
            (F::Url, MsgElement::Sound(e)) => text(&e.url),
            (F::Uuid, MsgElement::Sound(e)) => text(&e.uuid),
            (F::Size, MsgElement::Sound(e)) => opt_int(&e.size),
            (F::Second, MsgElement::Sound(e)) => opt_int(&e.second),
            (F::Uuid, MsgElement::Image(e)) => text(&e.uuid),
            (F::Image(i, part), MsgElement::Image(e)) => match (e.image_info_array.get(i), part) {
                (Some(v), ImagePart::Url) => text(&v.url),
                (Some(v), ImagePart::Size) => opt_int(&v.size),
                (Some(v), ImagePart::Width) => int(&v.width),
                (Some(v), ImagePart::Height) => int(&v.height),
                (None, _) => String::new(),
            },
            (F::Url, MsgElement::File(e)) => text(&e.url),
            (F::Uuid, MsgElement::File(e)) => text(&e.uuid),
            (F::FileName, MsgElement::File(e)) => opt(&e.file_name),
            (F::FileSize, MsgElement::File(e)) => opt_int(&e.file_size),
            (F::VideoUrl, MsgElement::Video(e)) => text(&e.video_url),
            (F::VideoUuid, MsgElement::Video(e)) => text(&e.video_uuid),
            (F::VideoSize, MsgElement::Video(e)) => opt_int(&e.video_size),
            (F::VideoSecond, MsgElement::Video(e)) => opt_int(&e.video_second),
            (F::VideoFormat, MsgElement::Video(e)) => opt(&e.video_format),
            (F::ThumbUrl, MsgElement::Video(e)) => text(&e.thumb_url),
            (F::ThumbUuid, MsgElement::Video(e)) => text(&e.thumb_uuid),
            (F::ThumbSize, MsgElement::Video(e)) => opt_int(&e.thumb_size),
            (F::ThumbWidth, MsgElement::Video(e)) => int(&e.thumb_width),
            (F::ThumbHeight, MsgElement::Video(e)) => int(&e.thumb_height),
            (F::ThumbFormat, MsgElement::Video(e)) => opt(&e.thumb_format),
            _ => String::new(),
        }
    }

    /// Writes what the operator typed: an optional field left empty is
    /// absent from the request; a number that does not parse is 0, which
    /// validation then names.
    pub fn write(self, e: &mut MsgElement, typed: &str) {
        use ElementField as F;
        let text = || typed.to_string();
        let opt = || (!typed.trim().is_empty()).then(|| typed.to_string());
        let int = || typed.trim().parse::<i64>().unwrap_or(0);
        let opt_int = || (!typed.trim().is_empty()).then(int);
        let dec = || typed.trim().parse::<f64>().unwrap_or(0.0);
        match (self, e) {
            (F::Text, MsgElement::Text(e)) => e.text = text(),
            (F::Desc, MsgElement::Location(e)) => e.desc = text(),
            (F::Latitude, MsgElement::Location(e)) => e.latitude = dec(),
            (F::Longitude, MsgElement::Location(e)) => e.longitude = dec(),
            (F::FaceIndex, MsgElement::Face(e)) => e.index = int(),
            (F::Data, MsgElement::Face(e)) => e.data = opt(),
            (F::Data, MsgElement::Custom(e)) => e.data = text(),
            (F::Desc, MsgElement::Custom(e)) => e.desc = opt(),
            (F::Ext, MsgElement::Custom(e)) => e.ext = opt(),
            (F::Sound, MsgElement::Custom(e)) => e.sound = opt(),
            (F::Url, MsgElement::Sound(e)) => e.url = text(),
            (F::Uuid, MsgElement::Sound(e)) => e.uuid = text(),
            (F::Size, MsgElement::Sound(e)) => e.size = opt_int(),
            (F::Second, MsgElement::Sound(e)) => e.second = opt_int(),
            (F::Uuid, MsgElement::Image(e)) => e.uuid = text(),
            (F::Image(i, part), MsgElement::Image(e)) => {
                if let Some(v) = e.image_info_array.get_mut(i) {
                    match part {
                        ImagePart::Url => v.url = text(),
                        ImagePart::Size => v.size = opt_int(),
                        ImagePart::Width => v.width = int(),
                        ImagePart::Height => v.height = int(),
                    }
                }
            }
            (F::Url, MsgElement::File(e)) => e.url = text(),
            (F::Uuid, MsgElement::File(e)) => e.uuid = text(),
            (F::FileName, MsgElement::File(e)) => e.file_name = opt(),
            (F::FileSize, MsgElement::File(e)) => e.file_size = opt_int(),
            (F::VideoUrl, MsgElement::Video(e)) => e.video_url = text(),
            (F::VideoUuid, MsgElement::Video(e)) => e.video_uuid = text(),
            (F::VideoSize, MsgElement::Video(e)) => e.video_size = opt_int(),
            (F::VideoSecond, MsgElement::Video(e)) => e.video_second = opt_int(),
            (F::VideoFormat, MsgElement::Video(e)) => e.video_format = opt(),
            (F::ThumbUrl, MsgElement::Video(e)) => e.thumb_url = text(),
            (F::ThumbUuid, MsgElement::Video(e)) => e.thumb_uuid = text(),
            (F::ThumbSize, MsgElement::Video(e)) => e.thumb_size = opt_int(),
            (F::ThumbWidth, MsgElement::Video(e)) => e.thumb_width = int(),
            (F::ThumbHeight, MsgElement::Video(e)) => e.thumb_height = int(),
            (F::ThumbFormat, MsgElement::Video(e)) => e.thumb_format = opt(),
            _ => {}
        }
    }
}

#[cfg(test)]
#[path = "field_tests.rs"]
mod tests;
