//! An app's quota as the composer shows it: today's pushes, when the next
//! may go, and when the count starts again.
use super::rate::{usage, Spacing};
use crate::domain::compose::QuotaView;
use crate::server::config::AppConfig;
use crate::server::state::AppState;
use crate::server::viewer_time::format;

pub async fn view(
    state: &AppState,
    app: &AppConfig,
    tz: chrono_tz::Tz,
) -> Result<QuotaView, sqlx::Error> {
    let now = state.clock.now_micros();
    let spacing = Spacing::of(&state.config);
    let usage = usage(&state.db, &app.id, app.time_zone, now, spacing).await?;
    Ok(QuotaView {
        used_today: usage.used_today,
        quota: i64::from(app.daily_quota),
        next_in_ms: (usage.next_at_us - now + 999) / 1000,
        resets_at: format(usage.resets_at_us, tz),
        time_zone: tz.name().to_string(),
    })
}
