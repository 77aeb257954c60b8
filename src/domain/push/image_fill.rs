//! What the product fills in for an image, so the operator gives one URL:
//! the large and thumbnail variants follow the original until they are
//! edited apart, and the UUID and format follow the URL until they are
//! typed. Everything stays editable and shown in the exact request.
use super::field::{ElementField, ImagePart};
use super::MsgElement;

/// A UUID for the image at `url`: the same URL, the same image. Empty for
/// no URL, so "required" is still said.
pub fn uuid_for(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        return String::new();
    }
    // FNV-1a: stable across builds and the same in the browser and server.
    let hash = url.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("img-{hash:016x}")
}

/// The ImageFormat a URL's file name says: JPG=1, GIF=2, PNG=3, BMP=4,
/// anything else 255.
pub fn format_for(url: &str) -> i64 {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("jpg" | "jpeg") => 1,
        Some("gif") => 2,
        Some("png") => 3,
        Some("bmp") => 4,
        _ => 255,
    }
}

/// Writes `typed` into the original variant's `part` of the image `e`,
/// with what follows it (see the module's note).
pub fn write_original(e: &mut MsgElement, part: ImagePart, typed: &str) {
    let field = |i| ElementField::Image(i, part);
    let old = field(0).read(e);
    let following: Vec<usize> = (1..3).filter(|&i| field(i).read(e) == old).collect();
    field(0).write(e, typed);
    let new = field(0).read(e);
    for i in following {
        field(i).write(e, &new);
    }
    if part == ImagePart::Url {
        if let MsgElement::Image(img) = e {
            if img.uuid.is_empty() || img.uuid == uuid_for(&old) {
                img.uuid = uuid_for(&new);
            }
            if img.image_format == format_for(&old) {
                img.image_format = format_for(&new);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::push::elements::ElementKind;

    fn read(e: &MsgElement, i: usize, part: ImagePart) -> String {
        ElementField::Image(i, part).read(e)
    }

    #[test]
    fn one_url_fills_the_image_and_an_edited_variant_keeps_its_own() {
        let mut e = ElementKind::Image.blank();
        write_original(&mut e, ImagePart::Url, "https://cdn.example.com/a.PNG?v=2");
        for i in 0..3 {
            assert_eq!(
                read(&e, i, ImagePart::Url),
                "https://cdn.example.com/a.PNG?v=2"
            );
        }
        let MsgElement::Image(img) = &e else { panic!() };
        assert_eq!(img.image_format, 3);
        assert_eq!(img.uuid, uuid_for("https://cdn.example.com/a.PNG?v=2"));
        assert!(img.uuid.starts_with("img-") && img.uuid.len() == 20);

        ElementField::Image(2, ImagePart::Url).write(&mut e, "https://cdn.example.com/a-small.png");
        write_original(&mut e, ImagePart::Width, "640");
        write_original(&mut e, ImagePart::Url, "https://cdn.example.com/b.jpg");
        assert_eq!(read(&e, 1, ImagePart::Url), "https://cdn.example.com/b.jpg");
        assert_eq!(
            read(&e, 2, ImagePart::Url),
            "https://cdn.example.com/a-small.png"
        );
        assert_eq!(read(&e, 2, ImagePart::Width), "640");
        let MsgElement::Image(img) = &mut e else {
            panic!()
        };
        assert_eq!(img.image_format, 1);
        img.uuid = "typed-by-hand".into();
        write_original(&mut e, ImagePart::Url, "https://cdn.example.com/c.gif");
        let MsgElement::Image(img) = &e else { panic!() };
        assert_eq!(img.uuid, "typed-by-hand", "a typed UUID is kept");
        assert_eq!(format_for("https://x/y"), 255);
        assert_eq!(uuid_for("  "), "");
    }
}
