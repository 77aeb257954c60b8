//! The composer's state: one draft signal, and everything derived from it
//! by the shared domain code (the exact request, its violations).
use crate::api::push::SendTicket;
use crate::api::shell::AppSummary;
use crate::domain::draft::Draft;
use crate::domain::push::validate::{blocking, AppRules, Severity, Violation};
use crate::domain::push::ImPushRequest;
use crate::i18n::*;
use crate::text::violation::violation_message;
use leptos::prelude::*;

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
        }
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
                .filter(|v| v.path == path)
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
