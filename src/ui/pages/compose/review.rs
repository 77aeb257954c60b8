//! The review step: what will be sent, in words, and the duplicate guard.
use super::state::Composer;
use crate::api::push::find_repeat;
use crate::domain::compose::ComposeStep;
use crate::domain::push::duplicate::EarlierPush;
use crate::i18n::*;
use crate::text::audience::describe_audience;
use crate::text::push::life_words;
use leptos::prelude::*;
use leptos_router::components::A;

/// The guard's state: the earlier push this one repeats (looked up while
/// the review step is open), and the operator's yes to sending it again.
#[derive(Clone, Copy)]
pub struct RepeatGuard {
    pub earlier: RwSignal<Option<EarlierPush>>,
    pub confirmed: RwSignal<bool>,
    look: Action<(String, crate::domain::push::ImPushRequest), ()>,
}

impl RepeatGuard {
    pub fn new(c: Composer) -> RepeatGuard {
        let earlier = RwSignal::new(None::<EarlierPush>);
        let confirmed = RwSignal::new(false);
        let look = Action::new(
            move |(app, request): &(String, crate::domain::push::ImPushRequest)| {
                let (app, request) = (app.clone(), request.clone());
                async move {
                    // A failed look is no guard; the server checks again on send.
                    let found = find_repeat(app, request).await.ok().flatten();
                    if earlier.get_untracked().map(|e| e.push_id)
                        != found.as_ref().map(|e| e.push_id)
                    {
                        confirmed.set(false);
                    }
                    earlier.set(found);
                }
            },
        );
        let guard = RepeatGuard {
            earlier,
            confirmed,
            look,
        };
        // Browser only (an effect never runs on the server): on entering the
        // review, and on every change made while it is open.
        Effect::new(move |_| {
            if c.step.get() == ComposeStep::Review {
                guard.check(c);
            }
        });
        guard
    }

    /// Looks again (after a send, or a refusal because another tab sent).
    pub fn check(&self, c: Composer) {
        let app = c.draft.with(|d| d.app_id.clone());
        self.look.dispatch((app, c.request.get()));
    }

    /// The push this send knowingly repeats, or whether it is held back.
    pub fn repeat_of(&self) -> Option<i64> {
        self.earlier
            .get_untracked()
            .filter(|_| self.confirmed.get_untracked())
            .map(|e| e.push_id)
    }

    pub fn holds(&self) -> bool {
        self.earlier.with(Option::is_some) && !self.confirmed.get()
    }
}

#[component]
pub fn RepeatWarning(guard: RepeatGuard) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        guard.earlier.get().map(|e| {
            let (id, at, minutes) = (e.push_id, e.at.clone(), e.minutes_ago);
            view! {
                <div class="alert alert-warning repeat-warning" role="alert" data-testid="repeat-warning">
                    <p><strong>{t!(i18n, repeat_heading)}</strong></p>
                    <p>{move || t_string!(i18n, repeat_body, id = id, at = at.clone(), minutes = minutes).to_string()}</p>
                    <p><A href=format!("/history/{id}") attr:target="_blank">{move || t_string!(i18n, repeat_open, id = id).to_string()}</A></p>
                    <label class="check">
                        <input type="checkbox" id="repeat-confirm" prop:checked=move || guard.confirmed.get()
                            on:change=move |ev| guard.confirmed.set(event_target_checked(&ev)) />
                        {t!(i18n, repeat_confirm)}
                    </label>
                </div>
            }
        })
    }
}

/// The push in words: app, audience, lifetime, sender.
#[component]
pub fn ReviewFacts(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    let app = move || c.app();
    let condition = Memo::new(move |_| c.request.with(|r| r.condition.clone()));
    let sender = move || {
        let typed = c.draft.with(|d| d.from_account.clone());
        if typed.is_empty() {
            app().map(|a| a.admin).unwrap_or_default()
        } else {
            typed
        }
    };
    let life = Memo::new(move |_| c.draft.with(|d| d.life_time));
    view! {
        <dl class="facts review-facts">
            <dt>{t!(i18n, col_app)}</dt><dd>{move || app().map(|a| a.name).unwrap_or_default()}</dd>
            <dt>{t!(i18n, compose_audience)}</dt>
            <dd data-testid="review-audience">{move || condition.with(|cond| describe_audience(i18n.get_locale(), cond.as_ref()))}</dd>
            <dt>{t!(i18n, life_legend)}</dt><dd>{move || life_words(i18n.get_locale(), life.get())}</dd>
            <dt>{t!(i18n, from_label)}</dt><dd class="mono">{sender}</dd>
        </dl>
    }
}
