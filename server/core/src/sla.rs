//! Working-hours arithmetic for ticket SLAs (service document §2.6): targets are counted in working
//! time only, Monday to Friday 08:30–18:30 in the service's time zone (`ATRIUM_TIME_ZONE`,
//! Europe/Paris by default), without public holidays, and correct across daylight-saving changes
//! (each working window is placed in local time, then converted to an instant).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// Longest stretch the arithmetic walks through, day by day: far beyond any SLA target, and a
/// bound that keeps a bad input from looping.
const MAX_DAYS: i64 = 3660;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    Blocking,
    Major,
    Minor,
}

impl Severity {
    /// The contractual targets in working hours: Blocking 15 h, Major 50 h, Minor 100 h.
    pub fn default_target(self) -> Duration {
        match self {
            Severity::Blocking => Duration::hours(15),
            Severity::Major => Duration::hours(50),
            Severity::Minor => Duration::hours(100),
        }
    }
}

#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    pub tz: Tz,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub holidays: BTreeSet<NaiveDate>,
}

impl Default for WorkingCalendar {
    fn default() -> Self {
        WorkingCalendar {
            tz: chrono_tz::Europe::Paris,
            opens: NaiveTime::from_hms_opt(8, 30, 0).expect("valid time"),
            closes: NaiveTime::from_hms_opt(18, 30, 0).expect("valid time"),
            holidays: BTreeSet::new(),
        }
    }
}

impl WorkingCalendar {
    fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&date)
    }

    /// The working window of a local date as instants, if it is a working day.
    fn window(&self, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.is_working_day(date) {
            return None;
        }
        // `earliest` settles an ambiguous or skipped local time (a DST change inside the window).
        let at = |t: NaiveTime| self.tz.from_local_datetime(&date.and_time(t)).earliest().map(|d| d.with_timezone(&Utc));
        Some((at(self.opens)?, at(self.closes)?))
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    /// Working time between two instants (zero if `to` is not after `from`).
    pub fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::zero();
        }
        let (first, last) = (self.local_date(from), self.local_date(to));
        let last = last.min(first + Duration::days(MAX_DAYS));
        let part = |date: NaiveDate| match self.window(date) {
            Some((start, end)) if end.min(to) > start.max(from) => end.min(to) - start.max(from),
            _ => Duration::zero(),
        };
        if last <= first + Duration::days(1) {
            return part(first) + if last > first { part(last) } else { Duration::zero() };
        }
        // The days in between are whole working days or none: counted, not walked, so that a
        // clock running for months (an old open ticket in the queue) costs no more than a day.
        part(first) + part(last) + self.whole_days_between(first, last)
    }

    /// Working time of the whole days strictly between `first` and `last`: weekdays that are
    /// not holidays, each a full window. A daylight-saving change happens at night, outside any
    /// window, so a day's window keeps its length.
    fn whole_days_between(&self, first: NaiveDate, last: NaiveDate) -> Duration {
        let (start, end) = (first + Duration::days(1), last - Duration::days(1));
        if end < start {
            return Duration::zero();
        }
        let days = (end - start).num_days() + 1;
        let weekdays_before = |d: NaiveDate| {
            // Weekdays from a fixed Monday up to, not including, `d`.
            let n = (d - NaiveDate::from_ymd_opt(2000, 1, 3).expect("a Monday")).num_days();
            let (weeks, rest) = (n.div_euclid(7), n.rem_euclid(7));
            weeks * 5 + rest.min(5)
        };
        let weekdays = weekdays_before(end + Duration::days(1)) - weekdays_before(start);
        let holidays = self.holidays.range(start..=end).filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)).count() as i64;
        debug_assert!(weekdays <= days);
        let daily = (self.closes - self.opens).max(Duration::zero());
        daily * (weekdays - holidays) as i32
    }

    /// The instant at which `amount` of working time has passed since `from`.
    pub fn add_working(&self, from: DateTime<Utc>, amount: Duration) -> DateTime<Utc> {
        let mut remaining = amount.max(Duration::zero());
        let mut date = self.local_date(from);
        for _ in 0..MAX_DAYS {
            if let Some((start, end)) = self.window(date) {
                let begin = start.max(from);
                if end > begin {
                    let available = end - begin;
                    if remaining <= available {
                        return begin + remaining;
                    }
                    remaining -= available;
                }
            }
            date = date.succ_opt().expect("date in range");
        }
        from + Duration::days(MAX_DAYS)
    }

    /// When the clock of something submitted at `t` starts: `t` itself in working hours, otherwise
    /// the next start of business.
    pub fn clock_start(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        self.add_working(t, Duration::zero())
    }
}

/// An SLA clock: runs from submission, pauses while the customer has the ball (Pending, Awaiting
/// Approval), stops when the solution is accepted or the ticket closes.
#[derive(Debug, Clone, Default)]
pub struct SlaClock {
    /// Periods during which the clock ran; the last one may still be running.
    runs: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
}

impl SlaClock {
    pub fn started(at: DateTime<Utc>) -> Self {
        SlaClock { runs: vec![(at, None)] }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.runs.last(), Some((_, None)))
    }

    pub fn pause(&mut self, at: DateTime<Utc>) {
        if let Some(run) = self.runs.last_mut().filter(|r| r.1.is_none()) {
            run.1 = Some(at.max(run.0));
        }
    }

    pub fn resume(&mut self, at: DateTime<Utc>) {
        if !self.is_running() {
            let at = self.runs.last().and_then(|r| r.1).map_or(at, |paused| at.max(paused));
            self.runs.push((at, None));
        }
    }

    /// Working time spent so far.
    pub fn spent(&self, calendar: &WorkingCalendar, now: DateTime<Utc>) -> Duration {
        self.runs.iter().map(|(a, b)| calendar.working_between(*a, b.unwrap_or(now).min(now))).sum()
    }

    /// When the target will be reached if the clock keeps running from `now`.
    pub fn due(&self, calendar: &WorkingCalendar, target: Duration, now: DateTime<Utc>) -> DateTime<Utc> {
        calendar.add_working(now, target - self.spent(calendar, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The day-by-day walk the counted version replaces, as the reference.
    fn walked(c: &WorkingCalendar, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        let mut date = c.local_date(from);
        while date <= c.local_date(to) {
            if let Some((start, end)) = c.window(date) {
                if end.min(to) > start.max(from) {
                    total += end.min(to) - start.max(from);
                }
            }
            date = date.succ_opt().unwrap();
        }
        total
    }

    #[test]
    fn counting_whole_days_agrees_with_walking_them_across_a_year_of_holidays_and_clock_changes() {
        let mut c = WorkingCalendar::default();
        for d in ["2026-01-01", "2026-04-06", "2026-05-01", "2026-05-14", "2026-07-14", "2026-08-15", "2026-11-11", "2026-12-25"] {
            c.holidays.insert(d.parse().unwrap());
        }
        let base = Utc.with_ymd_and_hms(2025, 12, 20, 7, 13, 0).unwrap();
        let mut seed = 7u64;
        for _ in 0..400 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let from = base + Duration::minutes((seed >> 33) as i64 % (400 * 24 * 60));
            let to = from + Duration::minutes((seed >> 11) as i64 % (200 * 24 * 60));
            assert_eq!(c.working_between(from, to), walked(&c, from, to), "{from} → {to}");
        }
    }
    use proptest::prelude::*;

    fn paris(s: &str) -> DateTime<Utc> {
        let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        chrono_tz::Europe::Paris.from_local_datetime(&naive).earliest().unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_blocking_ticket_filed_on_friday_afternoon_is_due_on_tuesday() {
        let cal = WorkingCalendar::default();
        // Friday 16:30: 2 h left that day, 10 h Monday, 3 h Tuesday → Tuesday 11:30.
        let due = cal.add_working(paris("2026-11-20 16:30"), Severity::Blocking.default_target());
        assert_eq!(due, paris("2026-11-24 11:30"));
    }

    #[test]
    fn outside_hours_the_clock_starts_at_the_next_start_of_business() {
        let cal = WorkingCalendar::default();
        assert_eq!(cal.clock_start(paris("2026-11-21 10:00")), paris("2026-11-23 08:30"), "Saturday → Monday");
        assert_eq!(cal.clock_start(paris("2026-11-23 19:00")), paris("2026-11-24 08:30"), "evening → next morning");
        assert_eq!(cal.clock_start(paris("2026-11-23 09:00")), paris("2026-11-23 09:00"), "in hours: now");
    }

    #[test]
    fn daylight_saving_weeks_still_have_fifty_working_hours() {
        let cal = WorkingCalendar::default();
        // Spring forward on Sunday 2026-03-29, fall back on Sunday 2026-10-25.
        for (monday, next_monday) in [("2026-03-23", "2026-03-30"), ("2026-03-30", "2026-04-06"), ("2026-10-19", "2026-10-26"), ("2026-10-26", "2026-11-02")] {
            let spent = cal.working_between(paris(&format!("{monday} 00:00")), paris(&format!("{next_monday} 00:00")));
            assert_eq!(spent, Duration::hours(50), "week of {monday}");
        }
        // A window straddling the change is measured in real elapsed time.
        assert_eq!(cal.working_between(paris("2026-03-27 17:30"), paris("2026-03-30 09:30")), Duration::hours(2));
    }

    #[test]
    fn holidays_do_not_count() {
        let mut cal = WorkingCalendar::default();
        cal.holidays.insert("2026-12-25".parse().unwrap());
        assert_eq!(cal.working_between(paris("2026-12-24 08:30"), paris("2026-12-26 08:30")), Duration::hours(10));
        assert_eq!(cal.add_working(paris("2026-12-24 18:00"), Duration::hours(1)), paris("2026-12-28 09:00"));
    }

    #[test]
    fn a_paused_clock_stops_counting_and_resumes() {
        let cal = WorkingCalendar::default();
        let mut clock = SlaClock::started(paris("2026-11-23 09:00"));
        clock.pause(paris("2026-11-23 11:00"));
        assert_eq!(clock.spent(&cal, paris("2026-11-25 12:00")), Duration::hours(2));
        clock.resume(paris("2026-11-26 09:00"));
        assert_eq!(clock.spent(&cal, paris("2026-11-26 10:00")), Duration::hours(3));
        // 12 h left from Thursday 10:00: 8.5 h on Thursday, 3.5 h on Friday.
        assert_eq!(clock.due(&cal, Duration::hours(15), paris("2026-11-26 10:00")), paris("2026-11-27 12:00"));
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        // 2025-01-01 .. 2028-01-01, minute precision: covers several DST changes each way.
        (1_735_689_600i64..1_830_297_600i64).prop_map(|s| DateTime::from_timestamp(s - s % 60, 0).unwrap())
    }

    proptest! {
        #[test]
        fn adding_then_measuring_returns_the_same_duration(from in instant(), minutes in 0i64..20_000) {
            let cal = WorkingCalendar::default();
            let d = Duration::minutes(minutes);
            prop_assert_eq!(cal.working_between(from, cal.add_working(from, d)), d);
        }

        #[test]
        fn working_time_adds_up_across_any_split(a in instant(), b in instant(), c in instant()) {
            let cal = WorkingCalendar::default();
            let mut v = [a, b, c];
            v.sort();
            let [a, b, c] = v;
            prop_assert_eq!(cal.working_between(a, b) + cal.working_between(b, c), cal.working_between(a, c));
        }

        #[test]
        fn pausing_never_shortens_what_was_already_spent(start in instant(), pause_after in 0i64..100_000, later in 0i64..100_000) {
            let cal = WorkingCalendar::default();
            let mut clock = SlaClock::started(start);
            let pause_at = start + Duration::minutes(pause_after);
            let before = clock.spent(&cal, pause_at);
            clock.pause(pause_at);
            let now = pause_at + Duration::minutes(later);
            prop_assert_eq!(clock.spent(&cal, now), before);
            clock.resume(now);
            prop_assert!(clock.spent(&cal, now + Duration::minutes(later)) >= before);
        }
    }
}
