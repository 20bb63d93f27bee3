//! Overall availability (service document §2.6.3): cumulative downtime over six months of
//! 30 days, 7/7 and 24h/24, against the 99.5 % commitment.

use super::{Announcement, Kind, State};

/// 60 × 24 × 30 × 6: the service document's six months, in minutes.
pub const TOTAL_MINUTES: i64 = 259_200;
/// The contractual objective, in percent.
pub const COMMITMENT_PERCENT: f64 = 99.5;

#[derive(Debug, Clone, PartialEq)]
pub struct Availability {
    pub total_minutes: i64,
    pub unavailable_minutes: i64,
    /// (total − unavailable) / total, in percent.
    pub percent: f64,
    pub meets_commitment: bool,
    /// The announcements counted, with the minutes each brought inside the period (before
    /// overlaps between them are merged), most recent first.
    pub counted: Vec<(String, i64)>,
}

/// Whether an announcement's window is time the service was unavailable: outages and unplanned
/// maintenance always; planned maintenance only when its publisher marked it so; never a
/// cancelled one.
pub fn counts_as_downtime(a: &Announcement) -> bool {
    a.state != State::Cancelled && (a.kind != Kind::Planned || a.counts_as_downtime)
}

/// The figure for the six months ending at `now`. Overlapping windows count once; a window still
/// open counts up to `now`; a partial minute counts as a whole one.
pub fn availability(list: &[Announcement], now: i64) -> Availability {
    let from = now - TOTAL_MINUTES * 60;
    let mut spans: Vec<(i64, i64, &Announcement)> =
        list.iter().filter(|a| counts_as_downtime(a)).map(|a| (a.starts_at.max(from), a.ends_at.min(now), a)).filter(|(s, e, _)| e > s).collect();
    let mut counted: Vec<(String, i64)> = spans.iter().map(|(s, e, a)| (a.id.clone(), minutes(e - s))).collect();
    counted.reverse();
    spans.sort_by_key(|(s, _, _)| *s);
    let mut seconds = 0;
    let mut open: Option<(i64, i64)> = None;
    for (s, e, _) in spans {
        open = match open {
            Some((os, oe)) if s <= oe => Some((os, oe.max(e))),
            Some((os, oe)) => {
                seconds += oe - os;
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((os, oe)) = open {
        seconds += oe - os;
    }
    let unavailable = minutes(seconds).min(TOTAL_MINUTES);
    let percent = (TOTAL_MINUTES - unavailable) as f64 * 100.0 / TOTAL_MINUTES as f64;
    Availability { total_minutes: TOTAL_MINUTES, unavailable_minutes: unavailable, percent, meets_commitment: percent >= COMMITMENT_PERCENT, counted }
}

fn minutes(seconds: i64) -> i64 {
    (seconds + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maintenance::Impact;

    const NOW: i64 = 1_800_000_000;

    fn announcement(id: &str, kind: Kind, start_min_ago: i64, minutes: i64) -> Announcement {
        let starts_at = NOW - start_min_ago * 60;
        Announcement {
            id: id.into(),
            tenant_id: "t".into(),
            kind,
            title: id.into(),
            body: String::new(),
            starts_at,
            ends_at: starts_at + minutes * 60,
            time_zone: "Europe/Paris".into(),
            impact: Impact::Major,
            modules: vec![],
            state: State::Completed,
            emergency_reason: None,
            counts_as_downtime: kind == Kind::Outage,
            created_at: starts_at,
            updated_at: starts_at,
            updates: vec![],
        }
    }

    #[test]
    fn no_outage_is_full_availability() {
        let a = availability(&[], NOW);
        assert_eq!((a.total_minutes, a.unavailable_minutes, a.percent), (259_200, 0, 100.0));
        assert!(a.meets_commitment);
    }

    #[test]
    fn hand_computed_outages() {
        // 2 h + 30 min of outage: (259,200 − 150) / 259,200 = 99.9421 %.
        let list = [announcement("a", Kind::Outage, 10_000, 120), announcement("b", Kind::Outage, 5_000, 30)];
        let a = availability(&list, NOW);
        assert_eq!(a.unavailable_minutes, 150);
        assert!((a.percent - 99.942_129_6).abs() < 1e-6, "{}", a.percent);
        assert!(a.meets_commitment);
        assert_eq!(a.counted, vec![("b".to_string(), 30), ("a".to_string(), 120)]);
        // 1,296 minutes is exactly 0.5 %: still meets 99.5 %; one more minute does not.
        let a = availability(&[announcement("c", Kind::Outage, 20_000, 1_296)], NOW);
        assert_eq!(a.percent, 99.5);
        assert!(a.meets_commitment);
        let a = availability(&[announcement("c", Kind::Outage, 20_000, 1_297)], NOW);
        assert!(!a.meets_commitment);
    }

    #[test]
    fn planned_maintenance_counts_only_when_marked() {
        let mut planned = announcement("p", Kind::Planned, 3_000, 60);
        assert_eq!(availability(std::slice::from_ref(&planned), NOW).unavailable_minutes, 0);
        planned.counts_as_downtime = true;
        assert_eq!(availability(&[planned], NOW).unavailable_minutes, 60);
        // Unplanned maintenance is unavailability by nature.
        assert_eq!(availability(&[announcement("u", Kind::Unplanned, 3_000, 45)], NOW).unavailable_minutes, 45);
    }

    #[test]
    fn overlaps_count_once_and_the_period_clips() {
        // 10:00–11:00 and 10:30–12:00 overlap: 120 minutes, not 150.
        let list = [announcement("a", Kind::Outage, 600, 60), announcement("b", Kind::Resolved, 570, 90)];
        assert_eq!(availability(&list, NOW).unavailable_minutes, 120);
        // Started 30 minutes before the six months: only the 90 inside count.
        let old = announcement("old", Kind::Outage, TOTAL_MINUTES + 30, 120);
        assert_eq!(availability(&[old], NOW).unavailable_minutes, 90);
        // Still going: counts up to now.
        let live = announcement("live", Kind::Outage, 40, 600);
        assert_eq!(availability(&[live], NOW).unavailable_minutes, 40);
        // Cancelled: nothing.
        let mut cancelled = announcement("x", Kind::Outage, 100, 60);
        cancelled.state = State::Cancelled;
        assert_eq!(availability(&[cancelled], NOW).unavailable_minutes, 0);
    }
}
