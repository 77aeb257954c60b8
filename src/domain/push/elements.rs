//! The eight message element types im_push accepts (im-api.md §4), with the
//! API's exact field names. Absent optional fields are omitted, never `null`.
use serde::{Deserialize, Serialize};

/// One element of `MsgBody`: `{"MsgType": "...", "MsgContent": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "MsgType", content = "MsgContent")]
pub enum MsgElement {
    #[serde(rename = "TIMTextElem")]
    Text(TextElem),
    #[serde(rename = "TIMLocationElem")]
    Location(LocationElem),
    #[serde(rename = "TIMFaceElem")]
    Face(FaceElem),
    #[serde(rename = "TIMCustomElem")]
    Custom(CustomElem),
    #[serde(rename = "TIMSoundElem")]
    Sound(SoundElem),
    #[serde(rename = "TIMImageElem")]
    Image(ImageElem),
    #[serde(rename = "TIMFileElem")]
    File(FileElem),
    #[serde(rename = "TIMVideoFileElem")]
    Video(VideoFileElem),
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextElem {
    #[serde(rename = "Text")]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationElem {
    #[serde(rename = "Desc")]
    pub desc: String,
    #[serde(rename = "Latitude")]
    pub latitude: f64,
    #[serde(rename = "Longitude")]
    pub longitude: f64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaceElem {
    #[serde(rename = "Index")]
    pub index: i64,
    #[serde(rename = "Data", default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomElem {
    #[serde(rename = "Data")]
    pub data: String,
    #[serde(rename = "Desc", default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    #[serde(rename = "Ext", default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<String>,
    #[serde(rename = "Sound", default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
}

/// `Download_Flag` must be 2 (download through the URL) for REST senders.
pub const DOWNLOAD_FLAG_URL: i64 = 2;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoundElem {
    #[serde(rename = "Url")]
    pub url: String,
    #[serde(rename = "UUID")]
    pub uuid: String,
    #[serde(rename = "Size", default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    #[serde(rename = "Second", default, skip_serializing_if = "Option::is_none")]
    pub second: Option<i64>,
    #[serde(rename = "Download_Flag")]
    pub download_flag: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageElem {
    #[serde(rename = "UUID")]
    pub uuid: String,
    /// JPG=1, GIF=2, PNG=3, BMP=4, other=255.
    #[serde(rename = "ImageFormat")]
    pub image_format: i64,
    #[serde(rename = "ImageInfoArray")]
    pub image_info_array: Vec<ImageInfo>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageInfo {
    /// 1 original, 2 large, 3 thumbnail.
    #[serde(rename = "Type")]
    pub kind: i64,
    #[serde(rename = "Size", default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    #[serde(rename = "Width")]
    pub width: i64,
    #[serde(rename = "Height")]
    pub height: i64,
    /// Uppercase `URL` here, unlike `Url` in the other elements.
    #[serde(rename = "URL")]
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileElem {
    #[serde(rename = "Url")]
    pub url: String,
    #[serde(rename = "UUID")]
    pub uuid: String,
    #[serde(rename = "FileSize", default, skip_serializing_if = "Option::is_none")]
    pub file_size: Option<i64>,
    #[serde(rename = "FileName", default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(rename = "Download_Flag")]
    pub download_flag: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoFileElem {
    #[serde(rename = "VideoUrl")]
    pub video_url: String,
    #[serde(rename = "VideoUUID")]
    pub video_uuid: String,
    #[serde(rename = "VideoSize", default, skip_serializing_if = "Option::is_none")]
    pub video_size: Option<i64>,
    #[serde(
        rename = "VideoSecond",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub video_second: Option<i64>,
    #[serde(
        rename = "VideoFormat",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub video_format: Option<String>,
    #[serde(rename = "VideoDownloadFlag")]
    pub video_download_flag: i64,
    #[serde(rename = "ThumbUrl")]
    pub thumb_url: String,
    #[serde(rename = "ThumbUUID")]
    pub thumb_uuid: String,
    #[serde(rename = "ThumbSize", default, skip_serializing_if = "Option::is_none")]
    pub thumb_size: Option<i64>,
    #[serde(rename = "ThumbWidth")]
    pub thumb_width: i64,
    #[serde(rename = "ThumbHeight")]
    pub thumb_height: i64,
    #[serde(
        rename = "ThumbFormat",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub thumb_format: Option<String>,
    #[serde(rename = "ThumbDownloadFlag")]
    pub thumb_download_flag: i64,
}

/// The element types in the order the composer offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ElementKind {
    Text,
    Image,
    Custom,
    Location,
    Face,
    Sound,
    File,
    Video,
}

impl ElementKind {
    pub const ALL: [ElementKind; 8] = [
        ElementKind::Text,
        ElementKind::Image,
        ElementKind::Custom,
        ElementKind::Location,
        ElementKind::Face,
        ElementKind::Sound,
        ElementKind::File,
        ElementKind::Video,
    ];

    pub fn of(element: &MsgElement) -> ElementKind {
        match element {
            MsgElement::Text(_) => ElementKind::Text,
            MsgElement::Image(_) => ElementKind::Image,
            MsgElement::Custom(_) => ElementKind::Custom,
            MsgElement::Location(_) => ElementKind::Location,
            MsgElement::Face(_) => ElementKind::Face,
            MsgElement::Sound(_) => ElementKind::Sound,
            MsgElement::File(_) => ElementKind::File,
            MsgElement::Video(_) => ElementKind::Video,
        }
    }

    /// A new, empty element; download flags are the product's, never asked.
    pub fn blank(self) -> MsgElement {
        let image = |kind| ImageInfo {
            kind,
            ..ImageInfo::default()
        };
        match self {
            ElementKind::Text => MsgElement::Text(TextElem::default()),
            ElementKind::Image => MsgElement::Image(ImageElem {
                image_format: 255,
                image_info_array: vec![image(1), image(2), image(3)],
                ..ImageElem::default()
            }),
            ElementKind::Custom => MsgElement::Custom(CustomElem::default()),
            ElementKind::Location => MsgElement::Location(LocationElem::default()),
            ElementKind::Face => MsgElement::Face(FaceElem::default()),
            ElementKind::Sound => MsgElement::Sound(SoundElem {
                download_flag: DOWNLOAD_FLAG_URL,
                ..SoundElem::default()
            }),
            ElementKind::File => MsgElement::File(FileElem {
                download_flag: DOWNLOAD_FLAG_URL,
                ..FileElem::default()
            }),
            ElementKind::Video => MsgElement::Video(VideoFileElem {
                video_download_flag: DOWNLOAD_FLAG_URL,
                thumb_download_flag: DOWNLOAD_FLAG_URL,
                ..VideoFileElem::default()
            }),
        }
    }
}
