//! Our validation and the sandbox agree, over real HTTP: every request that
//! validation accepts is accepted by the sandbox, and every request with
//! exactly one violation is refused with that violation's code. Random
//! requests from a fixed seed go through the real client, so our own
//! serialization is judged too.
use crate::common;

use common::raw_im::raw_im_push;
use common::spawn_app_with_clock;
use push_console::domain::push::elements::{CustomElem, TextElem};
use push_console::domain::push::validate::{validate, AppRules, Severity};
use push_console::domain::push::{Condition, ImPushRequest, MsgElement, OfflinePushInfo};
use push_console::server::clock::ManualClock;
use push_console::server::im::client::CallError;
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

#[tokio::test]
async fn validation_and_the_sandbox_agree_on_random_requests() {
    let clock = ManualClock::at_secs(1_764_000_000);
    let app = spawn_app_with_clock(clock.clone()).await;
    let im = &app.server.state.im["sandbox"];
    let rules = AppRules {
        attr_names: Some(im.get_attr_name().await.unwrap().into_values().collect()),
    };
    let mut rng = StdRng::seed_from_u64(20261126);
    let (mut accepted, mut single, mut several) = (0, 0, 0);
    for _ in 0..1500 {
        // A new day for every request: the spacing and daily quota are tested
        // elsewhere; here only the content is judged.
        clock.advance_secs(25 * 3600);
        let request = random_request(&mut rng);
        let errors: Vec<_> = validate(&request, &rules)
            .into_iter()
            .filter(|v| v.severity() == Severity::Error)
            .collect();
        let verdict = match raw_im_push(&app, "sandbox", &request).await {
            Ok(_) => Ok(()),
            Err(CallError::Rejected { code, .. }) => Err(code),
            Err(other) => panic!("the sandbox must judge every request: {other:?}"),
        };
        let body = serde_json::to_string(&request).unwrap();
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
            several += 1;
        }
    }
    println!("agreement: {accepted} accepted, {single} with one violation, {several} with several");
    assert!(
        accepted > 100 && single > 100,
        "the generator covers both sides: {accepted} accepted, {single} single"
    );
    app.stop().await;
}
