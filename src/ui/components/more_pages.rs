//! "Show more" under a list read page by page: the rows loaded after the
//! first page, where the next page starts, and the error of the last load.
//! The first page comes from the page's own resource (so the server renders
//! it); these rows only ever come from the browser, and a new filter drops them.
use crate::api::error::ApiError;
use crate::i18n::*;
use leptos::prelude::*;
use std::future::Future;

type Loaded<R, C> = Result<(Vec<R>, Option<C>), ApiError>;

pub struct MorePages<R: Send + Sync + 'static, C: Send + Sync + 'static> {
    pub rows: RwSignal<Vec<R>>,
    /// `None` until a page was loaded here; then that page's continuation.
    next: RwSignal<Option<Option<C>>>,
    pub error: RwSignal<Option<ApiError>>,
    load: Action<C, Loaded<R, C>>,
}

impl<R: Send + Sync + 'static, C: Send + Sync + 'static> Clone for MorePages<R, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R: Send + Sync + 'static, C: Send + Sync + 'static> Copy for MorePages<R, C> {}

impl<R, C> MorePages<R, C>
where
    R: Clone + Send + Sync + 'static,
    C: Copy + Send + Sync + 'static,
{
    /// `fetch(c)` loads the rows after `c`; `filter` changing forgets them.
    pub fn new<K, F, Fut>(filter: Memo<K>, fetch: F) -> Self
    where
        K: PartialEq + Send + Sync + 'static,
        F: Fn(C) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Loaded<R, C>> + Send + 'static,
    {
        let more = MorePages {
            rows: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            error: RwSignal::new(None),
            load: Action::new(move |c: &C| fetch(*c)),
        };
        Effect::new(move |_| {
            filter.track();
            more.rows.set(Vec::new());
            more.next.set(None);
        });
        Effect::new(move |_| match more.load.value().get() {
            Some(Ok((rows, next))) => {
                more.rows.update(|all| all.extend(rows));
                more.next.set(Some(next));
                more.error.set(None);
            }
            Some(Err(e)) => more.error.set(Some(e)),
            None => {}
        });
        more
    }
}

/// The "show more" button, while there is more after `first_next` (the first
/// page's continuation) or after the rows loaded since.
#[component]
pub fn ShowMore<R, C>(more: MorePages<R, C>, first_next: Option<C>) -> impl IntoView
where
    R: Clone + Send + Sync + 'static,
    C: Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let next = move || more.next.get().unwrap_or(first_next);
    move || {
        next().map(|c| {
            view! {
                <button class="btn" on:click=move |_| { more.load.dispatch(c); } disabled=move || more.load.pending().get()>
                    {t!(i18n, show_more)}
                </button>
            }
        })
    }
}

/// The last load's error, if any, in the viewer's language.
#[component]
pub fn MoreError<R, C>(more: MorePages<R, C>) -> impl IntoView
where
    R: Clone + Send + Sync + 'static,
    C: Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    move || {
        more.error.get().map(|e| {
            view! { <p class="alert alert-danger" role="alert">{crate::text::api_error::api_error_message(i18n.get_locale(), &e)}</p> }
        })
    }
}
