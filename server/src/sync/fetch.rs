//! Paging through Gong: users, the calls of one window, the per-day activity of one date range.
//! Cursors live only within one pagination and are never stored (docs/gong-api.md).

use std::{collections::HashSet, future::Future};

use chrono::NaiveDate;

use super::windows::Window;
use crate::gong::{wire, GongClient, GongError, Page};

/// A rejected (expired) cursor restarts the pagination from page 1, at most this often.
const MAX_RESTARTS: u32 = 3;

/// Follows cursors to the last page. Items are returned in page order; duplicates from a restart
/// are the caller's to drop (it keys by id).
async fn paginate<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, GongError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, GongError>>,
{
    let mut restarts = 0;
    'restart: loop {
        let mut items = Vec::new();
        let mut cursor = None;
        loop {
            match fetch(cursor.take()).await {
                Ok(page) => {
                    items.extend(page.items);
                    match page.cursor {
                        Some(next) => cursor = Some(next),
                        None => return Ok(items),
                    }
                }
                Err(error) if error.is_cursor_rejected() && restarts < MAX_RESTARTS => {
                    restarts += 1;
                    tracing::warn!(%error, restarts, "cursor refused, restarting from the first page");
                    continue 'restart;
                }
                Err(error) => return Err(error),
            }
        }
    }
}

/// Every user, avatars excluded, each once.
pub async fn users(client: &GongClient) -> Result<Vec<wire::User>, GongError> {
    let users = paginate(|cursor| client.users_page(cursor)).await?;
    let mut seen = HashSet::new();
    Ok(users
        .into_iter()
        .filter(|u| seen.insert(u.id.clone()))
        .collect())
}

/// The calls that started in the window, each once.
pub async fn calls(client: &GongClient, window: Window) -> Result<Vec<wire::Call>, GongError> {
    let (from, to) = (window.from_param(), window.to_param());
    let calls = paginate(|cursor| client.calls_page(&from, &to, cursor)).await?;
    let mut seen = HashSet::new();
    Ok(calls
        .into_iter()
        .filter(|c| window.contains(c.started.to_utc()) && seen.insert(c.id.clone()))
        .collect())
}

/// Per-user, per-day activity over `[from, to)` (company-time-zone dates, `to` exclusive), of
/// every user or of `user_ids` only.
pub async fn activity(
    client: &GongClient,
    from: NaiveDate,
    to: NaiveDate,
    user_ids: Option<Vec<String>>,
) -> Result<Vec<wire::UserDays>, GongError> {
    let filter = wire::StatsFilter {
        from_date: from.to_string(),
        to_date: to.to_string(),
        user_ids,
    };
    paginate(|cursor| client.day_by_day_page(&filter, cursor)).await
}

/// Ids per lookup: Gong's pages hold 100 calls, so a hundred ids are answered in one request.
pub const IDS_PER_LOOKUP: usize = 100;

/// Packs each user's ids (the calls of their last hosted day) into requests of at most
/// `IDS_PER_LOOKUP`, never splitting one user's ids unless they alone are more.
pub fn id_batches(mut groups: Vec<Vec<String>>) -> Vec<Vec<String>> {
    groups.sort();
    let mut batches: Vec<Vec<String>> = Vec::new();
    for group in groups {
        for part in group.chunks(IDS_PER_LOOKUP) {
            match batches.last_mut() {
                Some(batch) if batch.len() + part.len() <= IDS_PER_LOOKUP => {
                    batch.extend_from_slice(part)
                }
                _ => batches.push(part.to_vec()),
            }
        }
    }
    batches
}

/// The calls with these ids (at most `IDS_PER_LOOKUP`), for their exact start. No date range: with
/// `callIds` Gong's dates are optional (docs/gong-api.md), so ids from any days share a request.
pub async fn calls_by_id(
    client: &GongClient,
    ids: Vec<String>,
) -> Result<Vec<wire::Call>, GongError> {
    let filter = wire::ExtensiveCallsFilter {
        call_ids: Some(ids),
        ..Default::default()
    };
    let calls = paginate(|cursor| client.extensive_calls_page(&filter, cursor)).await?;
    Ok(calls.into_iter().map(|c| c.meta_data).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i}")).collect()
    }

    #[test]
    fn lookups_pack_a_hundred_ids_without_splitting_a_users_day() {
        let batches = id_batches(vec![ids("a", 60), ids("b", 30), ids("c", 20), ids("d", 1)]);
        let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
        assert_eq!(
            sizes,
            vec![90, 21],
            "c's 20 ids do not fit beside 90, so they go together"
        );
        assert!(batches[1].contains(&"c0".to_string()) && batches[1].contains(&"c19".to_string()));
    }

    #[test]
    fn a_user_with_more_than_a_hundred_ids_fills_whole_requests() {
        let batches = id_batches(vec![ids("a", 150)]);
        let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![100, 50]);
    }
}
