//! The words of each message (docs/product.md, "Notifications"). A message names only what its
//! recipient may see, holds no secret and no sign-in link: the one link is to the page itself.

use app::{components::seat_figures::money, types::WorkflowItem};

/// Why an item is in an approver's digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// Escalated to the recipient as the fallback approver.
    Escalated,
    /// Expires within the reminder's days.
    ExpiresSoon,
    /// Proposed since the recipient's last message.
    New,
    /// Told before and still waiting.
    Waiting,
}

impl Why {
    fn heading(self) -> &'static str {
        match self {
            Why::Escalated => "Escalated to you (their approver has not answered)",
            Why::ExpiresSoon => "Expiring soon",
            Why::New => "New",
            Why::Waiting => "Still waiting",
        }
    }
}

/// An approver's daily digest: `(why, item)` for every open item they may decide.
pub fn digest(items: &[(Why, WorkflowItem)], currency: &str, link: &str) -> (String, String) {
    let n = items.len();
    let proposals = if n == 1 {
        "proposal waits"
    } else {
        "proposals wait"
    };
    let soon = items.iter().filter(|(w, _)| *w == Why::ExpiresSoon).count();
    let mut subject = format!("seat-audit: {n} {proposals} for your decision");
    if soon > 0 {
        subject.push_str(&format!(" ({soon} expiring soon)"));
    }
    let frees: i64 = items.iter().map(|(_, i)| i.frees_cents).sum();
    let mut body = format!(
        "{n} {proposals} for your decision in seat-audit. Together they free {} a year.\n\
         Nothing is done to anyone until you approve; an item nobody answers expires.\n",
        money(frees, currency)
    );
    let mut sorted: Vec<&(Why, WorkflowItem)> = items.iter().collect();
    sorted.sort_by_key(|(why, item)| (*why, item.id));
    let mut last = None;
    for (why, item) in sorted {
        if last != Some(*why) {
            body.push_str(&format!("\n{}:\n", why.heading()));
            last = Some(*why);
        }
        body.push_str(&format!("- {}\n", line(item, currency)));
    }
    body.push_str(&format!(
        "\nDecide on your Approvals page: {link}\n\
         Sign in as usual; this message holds no sign-in link.\n"
    ));
    (subject, body)
}

/// One item as a digest lists it: who, why, what it frees, until when.
fn line(item: &WorkflowItem, currency: &str) -> String {
    let change = match item.kind {
        app::types::WorkflowKind::Deactivate => "deactivate",
        app::types::WorkflowKind::Downgrade => "downgrade to a collaborator seat",
    };
    let seats = if item.seats.is_empty() {
        String::new()
    } else {
        format!(", seats {}", item.seats.replace(';', ", "))
    };
    format!(
        "{} <{}>: {change}. {}. Frees {} a year{seats}. Expires {}.",
        item.name,
        item.email,
        item.reason.trim_end_matches('.'),
        money(item.frees_cents, currency),
        day(&item.expires_at)
    )
}

/// The date part of a stored time (`2026-12-16 09:00:00+00:00` → `2026-12-16`).
fn day(stored: &str) -> &str {
    stored.get(..10).unwrap_or(stored)
}

/// One event told to admins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Unique per event: `audit:{id}`, `sync:{run id}`.
    pub key: String,
    pub subject: String,
    pub body: String,
}

/// Admins' message for one event, with the page to open.
pub fn admin(event: &Event, link: &str) -> (String, String) {
    (
        format!("seat-audit: {}", event.subject),
        format!("{}\n\nOpen seat-audit: {link}\n", event.body),
    )
}

/// The events beyond the hour's limit, gathered into one message.
pub fn gathered(events: &[Event], link: &str) -> (String, String) {
    let mut body = format!(
        "{} more events this hour; they are gathered here so that admins are not flooded:\n",
        events.len()
    );
    for event in events {
        body.push_str(&format!("- {}\n", event.subject));
    }
    body.push_str(&format!("\nOpen seat-audit: {link}\n"));
    (format!("seat-audit: {} more events", events.len()), body)
}

/// The "Send a test message" button's message.
pub fn test(actor: &str, link: &str) -> (String, String) {
    (
        "seat-audit: test message".to_owned(),
        format!(
            "{actor} sent this test from the Settings page: this channel works.\n\nOpen seat-audit: {link}\n"
        ),
    )
}

#[cfg(test)]
mod tests {
    use app::types::{WorkflowKind, WorkflowState};

    use super::*;

    pub fn item(id: i64, name: &str, frees_cents: i64) -> WorkflowItem {
        WorkflowItem {
            id,
            user_id: format!("u{id}"),
            email: format!("{}@corp.example", name.to_lowercase()),
            name: name.into(),
            kind: WorkflowKind::Deactivate,
            reason: "No activity for 120 days".into(),
            frees_cents,
            seats: "Gong;Forecast".into(),
            state: WorkflowState::Awaiting,
            proposed_by: "admin@corp.example".into(),
            proposed_at: "2026-12-01 09:00:00+00:00".into(),
            approver: "mia@corp.example".into(),
            expires_at: "2026-12-15 09:00:00+00:00".into(),
            direct_reports: vec![],
            decided_by: None,
            decision_reason: None,
            executed_by: None,
            executed_how: None,
            requests: None,
            error: None,
            escalated_to: None,
        }
    }

    #[test]
    fn a_digest_lists_each_item_once_under_why_with_what_it_frees_and_one_link() {
        let items = vec![
            (Why::Waiting, item(1, "Ana", 120_000)),
            (Why::New, item(3, "Ben", 60_050)),
            (Why::ExpiresSoon, item(2, "Cy", 120_000)),
        ];
        let (subject, body) = digest(&items, "USD", "https://sa.example/approvals");
        assert_eq!(
            subject,
            "seat-audit: 3 proposals wait for your decision (1 expiring soon)"
        );
        assert!(
            body.contains("Together they free $3,000.50 a year"),
            "{body}"
        );
        let soon = body.find("Expiring soon:\n- Cy <cy@corp.example>").unwrap();
        let new = body.find("New:\n- Ben <ben@corp.example>: deactivate. No activity for 120 days. Frees $600.50 a year, seats Gong, Forecast. Expires 2026-12-15.").unwrap();
        let waiting = body.find("Still waiting:\n- Ana").unwrap();
        assert!(soon < new && new < waiting, "{body}");
        assert_eq!(body.matches("https://").count(), 1, "{body}");
    }
}
