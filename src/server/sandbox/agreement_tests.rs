//! Our validation and the sandbox's independent judgement agree: a request
//! validation accepts is accepted, and a request with exactly one violation is
//! refused with that violation's code. Random requests from a fixed seed.
use super::judge::judge_push;
use crate::domain::push::elements::{CustomElem, TextElem};
use crate::domain::push::validate::{validate, AppRules, Severity};
use crate::domain::push::{Condition, ImPushRequest, MsgElement, OfflinePushInfo};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn tag(rng: &mut StdRng) -> String {
    let choices = ["vip", "beta", "股票A", "深圳", ""];
    match rng.random_range(0..10) {
        0 => "股".repeat(rng.random_range(15..=18)),
        1 => "a".repeat(rng.random_range(49..=52)),
        _ => pick(rng, &choices).to_string(),
    }
}

fn tags(rng: &mut StdRng) -> Option<Vec<String>> {
    rng.random_bool(0.5)
        .then(|| (0..rng.random_range(1..=12)).map(|_| tag(rng)).collect())
}

fn random_request(rng: &mut StdRng) -> ImPushRequest {
    let condition = match rng.random_range(0..4) {
        0 => None,
        1 => Some(Condition {
            tags_and: tags(rng),
            tags_or: tags(rng),
            ..Default::default()
        }),
        2 => {
            let name = pick(rng, &["city", "会员等级", "sex"]).to_string();
            let value = pick(
                rng,
                &[
                    "深圳".to_string(),
                    "gold".to_string(),
                    "深".repeat(17),
                    String::new(),
                ],
            )
            .clone();
            Some(Condition {
                attrs_and: Some([(name, value)].into()),
                ..Default::default()
            })
        }
        _ => Some(Condition {
            tags_or: Some(vec![tag(rng)]),
            attrs_or: Some([("city".to_string(), "北京".to_string())].into()),
            ..Default::default()
        }),
    };
    let text = MsgElement::Text(TextElem {
        text: pick(rng, &["hi", "你好", ""]).to_string(),
    });
    let custom = MsgElement::Custom(CustomElem {
        data: "{}".into(),
        desc: Some("d".into()),
        ..Default::default()
    });
    let msg_body = match rng.random_range(0..6) {
        0 => vec![],
        1 => vec![custom.clone(), custom],
        2 => vec![text, custom],
        _ => vec![text],
    };
    ImPushRequest {
        from_account: rng
            .random_bool(0.3)
            .then(|| pick(rng, &["admin", "bad account", "xiaoming"]).to_string()),
        msg_random: rng.random(),
        msg_life_time: rng
            .random_bool(0.5)
            .then(|| *pick(rng, &[-1, 0, 120, 604_800, 604_801])),
        condition,
        msg_body,
        offline_push_info: rng.random_bool(0.3).then(|| OfflinePushInfo {
            push_flag: Some(*pick(rng, &[0, 1])),
            ..Default::default()
        }),
    }
}

#[test]
fn validation_and_the_sandbox_agree_on_random_requests() {
    let rules = AppRules {
        attr_names: vec!["city".into(), "会员等级".into()],
    };
    let mut rng = StdRng::seed_from_u64(20261126);
    let (mut accepted, mut single) = (0, 0);
    for _ in 0..5000 {
        let request = random_request(&mut rng);
        let errors: Vec<_> = validate(&request, &rules)
            .into_iter()
            .filter(|v| v.severity() == Severity::Error)
            .collect();
        let body = serde_json::to_value(&request).unwrap();
        let verdict = judge_push(&body, &rules.attr_names).map_err(|r| r.code);
        if errors.is_empty() {
            assert_eq!(verdict, Ok(()), "validation accepted {body}");
            accepted += 1;
        } else if errors.len() == 1 {
            // Our own stricter rules (no API code) are not judged by the API.
            if let Some(code) = errors[0].code() {
                assert_eq!(verdict, Err(i64::from(code)), "{body}: {:?}", errors[0]);
                single += 1;
            }
        } else {
            assert!(verdict.is_err(), "several violations, yet accepted: {body}");
        }
    }
    assert!(
        accepted > 200 && single > 200,
        "the generator covers both sides: {accepted} accepted, {single} single"
    );
}
