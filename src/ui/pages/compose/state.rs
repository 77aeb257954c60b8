//! The composer's state: one draft signal, and everything derived from it
//! by the shared domain code (the exact request, its violations).
use crate::api::push::SendTicket;
use crate::api::shell::AppSummary;
use crate::domain::compose::ComposeStep;
use crate::domain::draft::Draft;
use crate::domain::push::validate::{blocking, AppRules, Severity, Violation};
use crate::domain::push::ImPushRequest;
use crate::i18n::*;
use crate::text::violation::violation_message;
use leptos::prelude::*;
use std::collections::HashSet;

/// Copyable handles to the composer's signals, passed to every section.
#[derive(Clone, Copy)]
pub struct Composer {
    pub draft: RwSignal<Draft>,
    pub apps: StoredValue<Vec<AppSummary>>,
    pub ticket: RwSignal<SendTicket>,
    /// The chosen app's attribute names; None until read.
    pub attr_names: RwSignal<Option<Vec<String>>>,
    pub violations: Memo<Vec<Violation>>,
    pub request: Memo<ImPushRequest>,
    /// The saved draft being edited, if any: (id, name).
    pub saved: RwSignal<Option<(i64, String)>>,
    pub step: RwSignal<ComposeStep>,
    /// The API paths of the fields the operator has typed in or left.
    pub touched: RwSignal<HashSet<String>>,
    /// Set once the operator asks for the review (or opens a saved push):
    /// from then on, what is missing is said everywhere.
    pub reviewed: RwSignal<bool>,
    /// When it is to leave.
    pub when: RwSignal<super::when::When>,
    /// The waiting submission this composer edits (`/compose?edit=ID`).
    pub supersedes: RwSignal<Option<i64>>,
}

impl Composer {
    pub fn new(draft: Draft, apps: Vec<AppSummary>, ticket: SendTicket) -> Composer {
        let draft = RwSignal::new(draft);
        let ticket = RwSignal::new(ticket);
        let attr_names = RwSignal::new(None::<Vec<String>>);
        // One request per change of the draft: the preview, the request
        // panel and validation all read this memo.
        let request = Memo::new(move |_| {
            let random = ticket.with(|t| t.msg_random);
            draft.with(|d| d.to_request(random))
        });
        let violations = Memo::new(move |_| {
            let rules = AppRules {
                attr_names: attr_names.get(),
            };
            request.with(|r| draft.with(|d| d.check_request(r, &rules)))
        });
        Composer {
            draft,
            apps: StoredValue::new(apps),
            ticket,
            attr_names,
            violations,
            request,
            saved: RwSignal::new(None),
            step: RwSignal::new(ComposeStep::Audience),
            touched: RwSignal::new(HashSet::new()),
            reviewed: RwSignal::new(false),
            when: RwSignal::new(Default::default()),
            supersedes: RwSignal::new(None),
        }
    }

    pub fn touch(&self, path: &str) {
        if !path.is_empty() && !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_string());
            });
        }
    }

    /// Whether the composer says this violation now: a thing wrongly
    /// filled in at once, a thing missing once its field was left.
    fn visible(&self, v: &Violation) -> bool {
        !v.kind.is_missing() || self.reviewed.get() || self.touched.with(|t| t.contains(&v.path))
    }

    /// The errors that block sending and that the step list shows at `step`.
    pub fn step_errors(&self, step: ComposeStep) -> usize {
        self.violations.with(|all| {
            blocking(all)
                .filter(|v| ComposeStep::of_path(&v.path) == step && self.visible(v))
                .count()
        })
    }

    pub fn go(&self, step: ComposeStep) {
        if step == ComposeStep::Review {
            self.reviewed.set(true);
        }
        self.step.set(step);
    }

    pub fn app(&self) -> Option<AppSummary> {
        let id = self.draft.with(|d| d.app_id.clone());
        self.apps
            .with_value(|apps| apps.iter().find(|a| a.id == id).cloned())
    }

    pub fn errors(&self) -> usize {
        self.violations.with(|v| blocking(v).count())
    }

    /// The violations at exactly `path`, as (message, API code, is error).
    pub fn at(&self, locale: Locale, path: &str) -> Vec<(String, Option<u32>, bool)> {
        self.violations.with(|all| {
            all.iter()
                .filter(|v| v.path == path && self.visible(v))
                .map(|v| {
                    (
                        violation_message(locale, v),
                        v.code(),
                        v.severity() == Severity::Error,
                    )
                })
                .collect()
        })
    }
}
