//! The server picks the page language: the cookie first, then Accept-Language,
//! then zh-CN. The choice shows in <html lang> so hydration agrees with it.
use crate::common;

use common::{spawn_app, TestApp};

async fn page(app: &TestApp, accept_language: Option<&str>, cookie: Option<&str>) -> String {
    // The setup page: the one page a fresh installation shows everyone.
    let mut req = app.client.get(app.url("/setup"));
    if let Some(al) = accept_language {
        req = req.header("accept-language", al);
    }
    if let Some(c) = cookie {
        req = req.header("cookie", format!("i18n_pref_locale={c}"));
    }
    req.send().await.unwrap().text().await.unwrap()
}

fn lang_of(html: &str) -> &str {
    let start = html
        .find("<html lang=\"")
        .expect("html has a lang attribute")
        + "<html lang=\"".len();
    let end = html[start..].find('"').unwrap() + start;
    &html[start..end]
}

#[tokio::test]
async fn no_preference_means_chinese() {
    let app = spawn_app().await;
    let html = page(&app, None, None).await;
    assert_eq!(lang_of(&html), "zh-CN");
    assert!(html.contains("推送控制台"));
    assert!(html.contains("沙箱模式"));
    app.stop().await;
}

#[tokio::test]
async fn accept_language_chooses_between_supported_languages() {
    let app = spawn_app().await;
    assert_eq!(
        lang_of(&page(&app, Some("en-US,en;q=0.9"), None).await),
        "en"
    );
    assert_eq!(
        lang_of(&page(&app, Some("zh-CN,zh;q=0.9,en;q=0.8"), None).await),
        "zh-CN"
    );
    assert_eq!(
        lang_of(&page(&app, Some("de-DE,fr;q=0.8"), None).await),
        "zh-CN"
    );
    let english = page(&app, Some("en-GB"), None).await;
    assert_eq!(lang_of(&english), "en");
    assert!(english.contains("Push Console"));
    assert!(!english.contains("推送控制台"));
    app.stop().await;
}

#[tokio::test]
async fn the_cookie_beats_accept_language() {
    let app = spawn_app().await;
    assert_eq!(lang_of(&page(&app, Some("zh-CN"), Some("en")).await), "en");
    assert_eq!(
        lang_of(&page(&app, Some("en-US"), Some("zh-CN")).await),
        "zh-CN"
    );
    // An unknown cookie value is ignored rather than trusted.
    assert_eq!(lang_of(&page(&app, Some("en-US"), Some("xx")).await), "en");
    app.stop().await;
}
