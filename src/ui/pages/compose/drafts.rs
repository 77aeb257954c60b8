//! The caller's own drafts: save the composer as it is, list, reopen, delete.
use super::state::Composer;
use crate::api::compose::{
    delete_draft, list_drafts, open_draft, save_draft, DRAFT_NAME_MAX_CHARS,
};
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::ui::components::modal::Modal;
use leptos::prelude::*;

#[component]
pub fn DraftsSection(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(
        c.saved
            .with_untracked(|s| s.as_ref().map(|(_, n)| n.clone()).unwrap_or_default()),
    );
    let save = Action::new(move |as_new: &bool| {
        let id = if *as_new {
            None
        } else {
            c.saved.with_untracked(|s| s.as_ref().map(|(id, _)| *id))
        };
        let n = name.get_untracked();
        let draft = c.draft.get_untracked();
        async move { save_draft(id, n.clone(), draft).await.map(|id| (id, n)) }
    });
    let remove = Action::new(move |id: &i64| delete_draft(*id));
    let open = Action::new(move |id: &i64| open_draft(*id));
    // Browser only, like the quota meter (see send.rs).
    let list = Action::new(move |_: &()| list_drafts());
    Effect::new(move |_| {
        let _ = (save.version().get(), remove.version().get());
        list.dispatch(());
    });
    let saved_note = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            c.saved.set(Some(saved));
            saved_note.set(true);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(opened)) = open.value().get() {
            name.set(opened.name.clone());
            c.saved.set(Some((opened.id, opened.name)));
            c.draft.set(opened.draft);
            saved_note.set(false);
        }
    });
    let pending_delete = RwSignal::new(None::<(i64, String)>);
    let error = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .or_else(|| open.value().get().and_then(Result::err))
            .or_else(|| remove.value().get().and_then(Result::err))
    };
    view! {
        <section class="panel" aria-labelledby="drafts-heading">
            <h2 id="drafts-heading">{t!(i18n, drafts_heading)}</h2>
            <div class="inline-form">
                <div class="field">
                    <label for="draft-name">{t!(i18n, draft_name)}</label>
                    <input id="draft-name" maxlength=DRAFT_NAME_MAX_CHARS.to_string() prop:value=move || name.get()
                        on:input=move |ev| { name.set(event_target_value(&ev)); saved_note.set(false); } />
                </div>
                <button type="button" class="btn" disabled=move || name.with(|n| n.trim().is_empty()) || save.pending().get()
                    on:click=move |_| { save.dispatch(false); }>{t!(i18n, draft_save)}</button>
                {move || c.saved.get().is_some().then(|| view! {
                    <button type="button" class="btn" disabled=move || name.with(|n| n.trim().is_empty())
                        on:click=move |_| { save.dispatch(true); }>{t!(i18n, draft_save_copy)}</button>
                })}
            </div>
            {move || saved_note.get().then(|| view! { <p class="alert alert-success" role="status">{t!(i18n, draft_saved)}</p> })}
            {move || error().map(|e| view! { <p class="alert alert-danger" role="alert">{api_error_message(i18n.get_locale(), &e)}</p> })}
            {move || pending_delete.get().map(|(id, n)| view! {
                <Modal labelled_by="delete-draft-text" return_to=format!("delete-draft-{id}") alert=true on_cancel=move || pending_delete.set(None)>
                    <p id="delete-draft-text">{move || t_string!(i18n, draft_delete_confirm, name = n.clone()).to_string()}</p>
                    <div class="dialog-actions">
                        <button type="button" class="btn" on:click=move |_| pending_delete.set(None)>{t!(i18n, cancel)}</button>
                        <button type="button" class="btn btn-danger" on:click=move |_| {
                            remove.dispatch(id);
                            if c.saved.with_untracked(|s| s.as_ref().is_some_and(|(s, _)| *s == id)) { c.saved.set(None); }
                            pending_delete.set(None);
                        }>{t!(i18n, draft_delete)}</button>
                    </div>
                </Modal>
            })}
            {move || list.value().get().map(|r| match r {
                    Ok(rows) if rows.is_empty() => view! { <p class="empty">{t!(i18n, drafts_none)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="draft-list">
                            {rows.into_iter().map(|d| {
                                let n = d.name.clone();
                                let open_label = d.name.clone();
                                let delete_label = d.name.clone();
                                view! {
                                    <li>
                                        <span class="draft-name">{d.name.clone()}</span>
                                        <span class="muted">" · " {d.app_id.clone()} " · " {d.updated.clone()}</span>
                                        <button type="button" class="btn btn-small"
                                            aria-label=move || t_string!(i18n, draft_open_named, name = open_label.clone()).to_string()
                                            on:click=move |_| { open.dispatch(d.id); }>{t!(i18n, draft_open)}</button>
                                        <button type="button" class="btn btn-small" id=format!("delete-draft-{}", d.id)
                                            aria-label=move || t_string!(i18n, draft_delete_named, name = delete_label.clone()).to_string()
                                            on:click=move |_| pending_delete.set(Some((d.id, n.clone())))>{t!(i18n, draft_delete)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="alert alert-danger">{move || api_error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                })}
        </section>
    }
}
