//! Dates and amounts in a locale's own way, for emails and PDF invoices.
//! (The browser uses its own `Intl`; the server has only these two locales.)

use chrono::{Datelike, NaiveDate};
use shared::{Locale, Money};

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

fn month(locale: Locale, date: NaiveDate) -> &'static str {
    let index = date.month0() as usize;
    match locale {
        Locale::EnUs => MONTHS_EN[index],
        Locale::NlNl => MONTHS_NL[index],
    }
}

/// "Nov 9, 2026" or "9 nov 2026".
pub fn date(locale: Locale, date: NaiveDate) -> String {
    let short: String = month(locale, date).chars().take(3).collect();
    match locale {
        Locale::EnUs => format!("{short} {}, {}", date.day(), date.year()),
        Locale::NlNl => format!("{} {short} {}", date.day(), date.year()),
    }
}

/// A calendar-month billing period: "October 2026" or "oktober 2026".
pub fn period(locale: Locale, start: NaiveDate) -> String {
    format!("{} {}", month(locale, start), start.year())
}

/// "€1,913.62" or "€ 1.913,62" (other currencies by their code).
pub fn money(locale: Locale, money: &Money) -> String {
    let negative = money.minor_units < 0;
    let units = money.minor_units.unsigned_abs();
    let (whole, cents) = (units / 100, units % 100);
    let digits = whole.to_string();
    let (group, decimal) = match locale {
        Locale::EnUs => (',', '.'),
        Locale::NlNl => ('.', ','),
    };
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    let sign = if negative { "-" } else { "" };
    let symbol = if money.currency == "EUR" {
        "€".to_owned()
    } else {
        money.currency.clone()
    };
    match locale {
        Locale::EnUs => format!("{sign}{symbol}{grouped}{decimal}{cents:02}"),
        Locale::NlNl => format!("{symbol} {sign}{grouped}{decimal}{cents:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor_units: i64) -> Money {
        Money {
            minor_units,
            currency: "EUR".into(),
        }
    }

    #[test]
    fn formats_per_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 9).unwrap();
        assert_eq!(date(Locale::EnUs, d), "Nov 9, 2026");
        assert_eq!(date(Locale::NlNl, d), "9 nov 2026");
        assert_eq!(period(Locale::NlNl, d), "november 2026");
        assert_eq!(money(Locale::EnUs, &eur(191_362)), "€1,913.62");
        assert_eq!(money(Locale::NlNl, &eur(191_362)), "€ 1.913,62");
        assert_eq!(money(Locale::EnUs, &eur(5)), "€0.05");
        assert_eq!(money(Locale::EnUs, &eur(123_456_789)), "€1,234,567.89");
        assert_eq!(money(Locale::EnUs, &eur(-1_000)), "-€10.00");
    }
}
