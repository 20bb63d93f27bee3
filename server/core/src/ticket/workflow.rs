//! Who may move a ticket from one status to another (service document §2.5.1), and what each
//! move does to the SLA clock (§2.6.2). Enforced on the server for every change.

use super::model::{SlaState, Status};
use crate::sla::WorkingCalendar;
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The requester, or a customer administrator of the ticket's tenant.
    Customer,
    /// A support agent of the vendor.
    Agent,
    /// The server's own jobs (auto-close).
    System,
}

/// Whether `actor` may move a ticket from `from` to `to`.
pub fn may_change(from: Status, to: Status, actor: Actor) -> bool {
    use Status::*;
    if from == to || from == Closed {
        return false;
    }
    match actor {
        // Agents progress the ticket and propose solutions; only the customer validates or
        // closes (or time does, through auto-close).
        Actor::Agent => !matches!(from, Validated) && matches!(to, Open | Pending | OnHold | AwaitingDelivery | AwaitingApproval),
        Actor::Customer => matches!((from, to), (AwaitingApproval, Validated) | (AwaitingApproval, Open) | (New | Pending, Open) | (_, Closed)),
        Actor::System => matches!((from, to), (Pending | AwaitingApproval | Validated, Closed)),
    }
}

/// The status a customer's comment moves the ticket to, if any: a comment hands the ball back
/// to the vendor ("Open as soon as … the customer has added a comment").
pub fn after_customer_comment(from: Status) -> Option<Status> {
    matches!(from, Status::New | Status::Pending | Status::AwaitingApproval).then_some(Status::Open)
}

/// The SLA clock after a move to `to` at `now`.
pub fn sla_after(mut sla: SlaState, to: Status, now: i64, calendar: &WorkingCalendar) -> SlaState {
    if sla.stopped_at.is_some() {
        return sla;
    }
    if let Some(since) = sla.running_since {
        if to.pauses_sla() || to.stops_sla() {
            sla.spent_secs += calendar.working_between(instant(since), instant(now)).num_seconds();
            sla.running_since = None;
        }
    } else if !to.pauses_sla() && !to.stops_sla() {
        sla.running_since = Some(now);
    }
    if to.stops_sla() {
        sla.stopped_at = Some(now);
    }
    sla
}

/// What the SLA clock says at `now`, for people to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaFigures {
    pub spent_secs: i64,
    /// Negative once breached.
    pub left_secs: i64,
    /// When the target is reached if the clock keeps running; `None` while paused or stopped.
    pub due_at: Option<i64>,
    pub paused: bool,
    pub stopped: bool,
    pub breached: bool,
    /// Share of the target spent, in per cent (may exceed 100).
    pub percent: i64,
}

pub fn sla_figures(sla: &SlaState, now: i64, calendar: &WorkingCalendar) -> SlaFigures {
    let end = sla.stopped_at.unwrap_or(now);
    let running = sla.running_since.map_or(0, |since| calendar.working_between(instant(since), instant(end)).num_seconds());
    let spent = sla.spent_secs + running;
    let left = sla.target_secs - spent;
    let due_at =
        (sla.running_since.is_some() && sla.stopped_at.is_none()).then(|| calendar.add_working(instant(now), Duration::seconds(left.max(0))).timestamp());
    SlaFigures {
        spent_secs: spent,
        left_secs: left,
        due_at,
        paused: sla.running_since.is_none() && sla.stopped_at.is_none(),
        stopped: sla.stopped_at.is_some(),
        breached: left < 0,
        percent: if sla.target_secs > 0 { spent * 100 / sla.target_secs } else { 100 },
    }
}

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::Severity;
    use chrono::TimeZone;
    use Status::*;

    /// The whole table, written out: every pair not listed here must be refused.
    const AGENT_ALLOWED: &[(Status, Status)] = &[
        (New, Open),
        (New, Pending),
        (New, OnHold),
        (New, AwaitingDelivery),
        (New, AwaitingApproval),
        (Open, Pending),
        (Open, OnHold),
        (Open, AwaitingDelivery),
        (Open, AwaitingApproval),
        (Pending, Open),
        (Pending, OnHold),
        (Pending, AwaitingDelivery),
        (Pending, AwaitingApproval),
        (OnHold, Open),
        (OnHold, Pending),
        (OnHold, AwaitingDelivery),
        (OnHold, AwaitingApproval),
        (AwaitingDelivery, Open),
        (AwaitingDelivery, Pending),
        (AwaitingDelivery, OnHold),
        (AwaitingDelivery, AwaitingApproval),
        (AwaitingApproval, Open),
        (AwaitingApproval, Pending),
        (AwaitingApproval, OnHold),
        (AwaitingApproval, AwaitingDelivery),
    ];
    const CUSTOMER_ALLOWED: &[(Status, Status)] = &[
        (New, Open),
        (Pending, Open),
        (AwaitingApproval, Open),
        (AwaitingApproval, Validated),
        (New, Closed),
        (Open, Closed),
        (Pending, Closed),
        (OnHold, Closed),
        (AwaitingDelivery, Closed),
        (AwaitingApproval, Closed),
        (Validated, Closed),
    ];
    const SYSTEM_ALLOWED: &[(Status, Status)] = &[(Pending, Closed), (AwaitingApproval, Closed), (Validated, Closed)];

    #[test]
    fn every_transition_is_allowed_or_refused_exactly_as_the_table_says() {
        for (actor, allowed) in [(Actor::Agent, AGENT_ALLOWED), (Actor::Customer, CUSTOMER_ALLOWED), (Actor::System, SYSTEM_ALLOWED)] {
            for from in Status::ALL {
                for to in Status::ALL {
                    let expected = allowed.contains(&(from, to));
                    assert_eq!(may_change(from, to, actor), expected, "{actor:?}: {from:?} → {to:?}");
                }
            }
        }
    }

    #[test]
    fn nobody_reopens_a_closed_ticket_and_agents_never_validate() {
        for actor in [Actor::Agent, Actor::Customer, Actor::System] {
            assert!(Status::ALL.iter().all(|to| !may_change(Closed, *to, actor)));
        }
        assert!(Status::ALL.iter().all(|from| !may_change(*from, Validated, Actor::Agent)));
    }

    fn paris(s: &str) -> i64 {
        let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        chrono_tz::Europe::Paris.from_local_datetime(&naive).earliest().unwrap().timestamp()
    }

    fn started(at: i64, severity: Severity) -> SlaState {
        SlaState { target_secs: severity.default_target().num_seconds(), spent_secs: 0, running_since: Some(at), stopped_at: None, alerted: false }
    }

    #[test]
    fn a_major_ticket_filed_friday_at_six_pm_is_due_a_week_later_at_half_past_five() {
        let cal = WorkingCalendar::default();
        let sla = started(paris("2026-11-20 18:00"), Severity::Major);
        // 30 min on Friday, then 49.5 h: Mon–Thu 40 h, Friday 9.5 h → Friday 27th 18:00.
        let f = sla_figures(&sla, paris("2026-11-20 18:00"), &cal);
        assert_eq!(f.due_at, Some(paris("2026-11-27 18:00")));
        let f = sla_figures(&sla, paris("2026-11-23 08:30"), &cal);
        assert_eq!(f.spent_secs, 30 * 60, "the weekend does not count");
        assert_eq!(f.left_secs, 49 * 3600 + 30 * 60);
    }

    #[test]
    fn pending_across_a_weekend_is_deducted() {
        let cal = WorkingCalendar::default();
        let sla = started(paris("2026-11-20 09:00"), Severity::Blocking);
        // Friday 09:00–12:00 running (3 h), Pending until Tuesday 10:00, then running to 11:00.
        let sla = sla_after(sla, Pending, paris("2026-11-20 12:00"), &cal);
        assert_eq!(sla.spent_secs, 3 * 3600);
        let paused = sla_figures(&sla, paris("2026-11-23 15:00"), &cal);
        assert!(paused.paused && paused.due_at.is_none());
        assert_eq!(paused.spent_secs, 3 * 3600, "Pending time is deducted");
        let sla = sla_after(sla, Open, paris("2026-11-24 10:00"), &cal);
        let f = sla_figures(&sla, paris("2026-11-24 11:00"), &cal);
        assert_eq!(f.spent_secs, 4 * 3600);
        // 11 h left from Tuesday 11:00: 7.5 h Tuesday, 3.5 h Wednesday → 12:00.
        assert_eq!(f.due_at, Some(paris("2026-11-25 12:00")));
    }

    #[test]
    fn the_daylight_saving_switch_does_not_change_the_working_hours_counted() {
        let cal = WorkingCalendar::default();
        // Friday 27 March 2026 17:30; clocks go forward on Sunday 29 March.
        let sla = started(paris("2026-03-27 17:30"), Severity::Blocking);
        let f = sla_figures(&sla, paris("2026-03-30 09:30"), &cal);
        assert_eq!(f.spent_secs, 2 * 3600);
        // 13 h left from Monday 09:30: 9 h Monday, 4 h Tuesday → Tuesday 12:30 (summer time).
        assert_eq!(f.due_at, Some(paris("2026-03-31 12:30")));
    }

    #[test]
    fn validation_stops_the_clock_for_good() {
        let cal = WorkingCalendar::default();
        let sla = started(paris("2026-11-23 09:00"), Severity::Minor);
        let sla = sla_after(sla, AwaitingApproval, paris("2026-11-23 10:00"), &cal);
        let sla = sla_after(sla, Validated, paris("2026-11-24 10:00"), &cal);
        let f = sla_figures(&sla, paris("2026-12-24 10:00"), &cal);
        assert!(f.stopped && !f.paused && f.due_at.is_none());
        assert_eq!(f.spent_secs, 3600);
    }

    #[test]
    fn past_the_target_the_ticket_is_breached() {
        let cal = WorkingCalendar::default();
        let sla = started(paris("2026-11-23 08:30"), Severity::Blocking);
        let f = sla_figures(&sla, paris("2026-11-24 14:00"), &cal);
        assert_eq!(f.spent_secs, 15 * 3600 + 30 * 60);
        assert!(f.breached && f.left_secs == -30 * 60 && f.percent == 103);
    }
}
