use super::*;
use crate::domain::push::validate::{validate, AppRules};
use crate::domain::push::ImPushRequest;

/// The value at `path` (as `ElementField::path` writes it) in the element's JSON.
fn json_at(e: &MsgElement, path: &str) -> Option<serde_json::Value> {
    let v = serde_json::to_value(e).unwrap();
    let mut at = v.get("MsgContent")?.clone();
    for part in path.split('.') {
        at = match part.split_once('[') {
            Some((name, index)) => {
                let i: usize = index.trim_end_matches(']').parse().unwrap();
                at.get(name)?.get(i)?.clone()
            }
            None => at.get(part)?.clone(),
        };
    }
    Some(at)
}

fn sample(shape: Shape) -> &'static str {
    match shape {
        Shape::Text => "值 7",
        Shape::Integer => "42",
        Shape::Decimal => "12.5",
    }
}

#[test]
fn every_field_writes_the_wire_field_its_path_names_and_reads_it_back() {
    for kind in ElementKind::ALL {
        for spec in ElementField::of(kind) {
            let f = spec.field;
            let mut e = kind.blank();
            f.write(&mut e, sample(f.shape()));
            assert_eq!(
                f.read(&e),
                f.shape().canon(sample(f.shape())),
                "{kind:?} {f:?}"
            );
            let wire = json_at(&e, &f.path())
                .unwrap_or_else(|| panic!("{kind:?} {f:?} not at {}", f.path()));
            let expected: serde_json::Value = match f.shape() {
                Shape::Text => sample(Shape::Text).into(),
                Shape::Integer => 42.into(),
                Shape::Decimal => 12.5.into(),
            };
            assert_eq!(wire, expected, "{kind:?} {f:?}");
        }
    }
}

#[test]
fn an_optional_field_left_empty_is_absent_from_the_request() {
    for kind in ElementKind::ALL {
        for spec in ElementField::of(kind).into_iter().filter(|s| s.optional) {
            let mut e = kind.blank();
            spec.field.write(&mut e, sample(spec.field.shape()));
            spec.field.write(&mut e, "  ");
            assert_eq!(
                json_at(&e, &spec.field.path()),
                None,
                "{kind:?} {:?}",
                spec.field
            );
        }
    }
}

/// The problems of a one-element request, as paths inside MsgContent.
fn problem_paths(e: MsgElement) -> Vec<String> {
    let request = ImPushRequest {
        from_account: None,
        msg_random: 1,
        msg_life_time: None,
        condition: None,
        msg_body: vec![e],
        offline_push_info: None,
    };
    validate(&request, &AppRules::default())
        .into_iter()
        .filter_map(|v| {
            v.path
                .strip_prefix("MsgBody[0].MsgContent.")
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn every_required_text_left_empty_is_reported_at_its_own_input() {
    for kind in ElementKind::ALL {
        let problems = problem_paths(kind.blank());
        for spec in ElementField::of(kind) {
            let required_text = !spec.optional && spec.field.shape() == Shape::Text;
            if required_text {
                assert!(
                    problems.contains(&spec.field.path()),
                    "{kind:?} {:?}: {problems:?}",
                    spec.field
                );
            }
        }
        let paths: Vec<String> = ElementField::of(kind)
            .iter()
            .map(|s| s.field.path())
            .collect();
        for p in &problems {
            assert!(
                paths.contains(p) || p == "ImageInfoArray",
                "{kind:?}: {p} marks no input"
            );
        }
    }
}

#[test]
fn one_empty_image_url_marks_only_that_variant() {
    let mut e = ElementKind::Image.blank();
    ElementField::Uuid.write(&mut e, "img-1");
    for i in [0, 2] {
        ElementField::Image(i, ImagePart::Url).write(&mut e, "https://example.com/a.png");
    }
    assert_eq!(problem_paths(e), ["ImageInfoArray[1].URL"]);
}
