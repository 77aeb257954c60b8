//! One `AudienceChange` as IM calls, and the lookup of users' tags and
//! attributes. Both the lookup page and the bulk runner come through here.
use crate::domain::audience::{UserAttrNames, UserAttrs, UserRow, UserTags};
use crate::domain::audience_change::AudienceChange;
use crate::server::im::client::{CallError, ImClient};
use std::collections::{BTreeMap, HashMap};

/// Applies `change` to `accounts`, 100 accounts a request.
pub async fn apply(
    im: &ImClient,
    accounts: &[String],
    change: &AudienceChange,
) -> Result<(), CallError> {
    let each = |f: &dyn Fn(&String) -> _| accounts.iter().map(f).collect::<Vec<_>>();
    match change {
        AudienceChange::AddTags(tags) => im.add_tag(&each(&|a| user_tags(a, tags))).await,
        AudienceChange::RemoveTags(tags) => im.remove_tag(&each(&|a| user_tags(a, tags))).await,
        AudienceChange::RemoveAllTags => im.remove_all_tags(accounts).await,
        AudienceChange::SetAttrs(attrs) => {
            let users: Vec<UserAttrs> = accounts
                .iter()
                .map(|a| UserAttrs {
                    account: a.clone(),
                    attrs: attrs.clone(),
                })
                .collect();
            im.set_attr(&users).await
        }
        AudienceChange::RemoveAttrs(names) => {
            let users: Vec<UserAttrNames> = accounts
                .iter()
                .map(|a| UserAttrNames {
                    account: a.clone(),
                    attrs: names.clone(),
                })
                .collect();
            im.remove_attr(&users).await
        }
    }
}

fn user_tags(account: &str, tags: &[String]) -> UserTags {
    UserTags {
        account: account.to_string(),
        tags: tags.to_vec(),
    }
}

/// Tags and attributes of `accounts`, in the order asked (the API may answer
/// in any order).
pub async fn lookup(im: &ImClient, accounts: &[String]) -> Result<Vec<UserRow>, CallError> {
    let mut tags: HashMap<String, Vec<String>> = im
        .get_tag(accounts)
        .await?
        .into_iter()
        .map(|u| (u.account, u.tags))
        .collect();
    let mut attrs: HashMap<String, BTreeMap<String, String>> = im
        .get_attr(accounts)
        .await?
        .into_iter()
        .map(|u| (u.account, u.attrs))
        .collect();
    Ok(accounts
        .iter()
        .map(|a| UserRow {
            account: a.clone(),
            tags: tags.remove(a).unwrap_or_default(),
            attrs: attrs.remove(a).unwrap_or_default(),
        })
        .collect())
}
