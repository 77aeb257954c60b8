//! The composer's four steps: the list that says where a problem is, and
//! the Back / Next buttons. Every step stays in the page (hidden when not
//! current), so nothing typed is lost by moving between them.
use super::state::Composer;
use crate::domain::compose::ComposeStep;
use crate::i18n::*;
use crate::text::push::step_name;
use leptos::prelude::*;

#[component]
pub fn StepList(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="steps" aria-label=move || t_string!(i18n, steps_label).to_string()>
            <ol>
                {ComposeStep::ALL.into_iter().map(|step| {
                    let errors = move || c.step_errors(step);
                    let current = move || c.step.get() == step;
                    view! {
                        <li class=move || match (current(), errors() > 0) {
                            (true, true) => "step-item current has-problem",
                            (true, false) => "step-item current",
                            (false, true) => "step-item has-problem",
                            (false, false) => "step-item",
                        }>
                            <button type="button" id=format!("step-tab-{}", step.as_str())
                                aria-current=move || current().then_some("step")
                                on:click=move |_| c.go(step)>
                                <span class="step-number" aria-hidden="true">{step.number()}</span>
                                <span class="step-name">{move || step_name(i18n.get_locale(), step)}</span>
                                {move || (errors() > 0).then(|| view! {
                                    <span class="step-problems">{move || t_string!(i18n, step_problems, n = errors()).to_string()}</span>
                                })}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// One step's content, in the page but hidden unless it is the current one.
#[component]
pub fn Step(c: Composer, step: ComposeStep, children: Children) -> impl IntoView {
    view! {
        <div class="step" id=format!("step-{}", step.as_str()) hidden=move || c.step.get() != step>
            {children()}
        </div>
    }
}

#[component]
pub fn StepButtons(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    let step = move || c.step.get();
    view! {
        <div class="step-buttons">
            {move || step().previous().map(|back| view! {
                <button type="button" class="btn" on:click=move |_| c.go(back)>
                    {move || t_string!(i18n, step_back_to, step = step_name(i18n.get_locale(), back)).to_string()}
                </button>
            })}
            {move || step().next().map(|next| view! {
                <button type="button" class="btn btn-primary" on:click=move |_| c.go(next)>
                    {move || t_string!(i18n, step_next_to, step = step_name(i18n.get_locale(), next)).to_string()}
                </button>
            })}
        </div>
    }
}

/// After a move between steps, focus goes to the new step's heading, so a
/// keyboard or screen-reader user starts where the content starts.
pub fn focus_step_heading(c: Composer) {
    Effect::new(move |previous: Option<ComposeStep>| {
        let step = c.step.get();
        if previous.is_some_and(|p| p != step) {
            focus_first_heading(step);
        }
        step
    });
}

fn focus_first_heading(step: ComposeStep) {
    let heading = match step {
        ComposeStep::Audience => "app-heading",
        ComposeStep::Message => "message-heading",
        ComposeStep::Notification => "notification-heading",
        ComposeStep::Review => "send-heading",
    };
    crate::ui::navigation::focus_by_id(heading);
}
