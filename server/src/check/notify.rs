//! Notifications: the SMTP server is reached and takes the credentials (nothing is sent); which
//! chat webhooks are set (a webhook cannot be tried without posting: the Settings page's test
//! message does that).

use super::{CheckResult, Verdict};
use crate::config::Channels;

pub async fn check(channels: &Channels, result: &mut CheckResult) {
    match &channels.smtp {
        Some(smtp) => match crate::notify::smtp_reachable(smtp).await {
            Ok(()) => result.push(
                Verdict::Passed,
                format!(
                    "Email: the SMTP server {}:{} answered and accepted the connection settings (nothing was sent).",
                    smtp.host, smtp.port
                ),
            ),
            Err(error) => result.push(Verdict::Failed, format!("Email: {error}.")),
        },
        None => result.push(
            Verdict::Warning,
            "Email is not configured (SEAT_AUDIT__NOTIFY__SMTP_URL and SEAT_AUDIT__NOTIFY__FROM), so \
             approvers are not told of their proposals.",
        ),
    }
    let chats: Vec<&str> = [
        (channels.slack.is_some(), "Slack"),
        (channels.teams.is_some(), "Microsoft Teams"),
        (channels.webhook.is_some(), "the generic webhook"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    if !chats.is_empty() {
        result.push(
            Verdict::Passed,
            format!(
                "Chat: {} set; use “Send a test message” on the Settings page to try each.",
                chats.join(", ")
            ),
        );
    }
}
