//! The validator's table of cases: inputs and what each must give. The
//! shared crate's tests run it on the host (the `idna` crate), the app's
//! component tests in the browser (its URL parser's UTS #46), so both sides
//! are shown to accept and refuse the same addresses.

use super::{EmailAddress, EmailError};

/// What parsing one input should give.
pub enum Expect {
    /// Accepted, with this canonical form.
    Ok(String),
    Err(EmailError),
}
use Expect::*;

fn ok(canonical: impl Into<String>) -> Expect {
    Ok(canonical.into())
}

/// `jan@` and `domain`, refused for its domain.
fn invalid_domain(domain: &str) -> (String, Expect) {
    (
        format!("jan@{domain}"),
        Err(EmailError::InvalidDomain(domain.to_owned())),
    )
}

/// Every input whose parse differs from the table, with what it gave.
pub fn failures() -> Vec<String> {
    let cases = cases();
    assert!(cases.len() >= 60, "the table has {} cases", cases.len());
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got = EmailAddress::parse(&input);
        let matches = match (&got, &expected) {
            (Result::Ok(address), Ok(canonical)) => address.as_str() == canonical,
            (Result::Err(error), Err(wanted)) => error == wanted,
            _ => false,
        };
        if !matches {
            let wanted = match expected {
                Ok(canonical) => format!("Ok({canonical})"),
                Err(error) => format!("Err({error:?})"),
            };
            failures.push(format!("{input:?}: got {got:?}, wanted {wanted}"));
        }
    }
    failures
}

/// The inputs and what each must give.
pub fn cases() -> Vec<(String, Expect)> {
    let long_local = "a".repeat(64);
    let too_long_local = "a".repeat(65);
    let label = "d".repeat(63);
    // 64 + 1 + 189 = 254 characters: the longest accepted.
    let longest = format!("{long_local}@{label}.{label}.{}.example", "e".repeat(53));
    let too_long = format!("{longest}x");
    let owned = |s: &str| s.to_owned();
    vec![
        // Accepted.
        (
            owned("jan@tulipworks.example"),
            ok("jan@tulipworks.example"),
        ),
        (
            owned("Jan.de.Vries@tulipworks.example"),
            ok("Jan.de.Vries@tulipworks.example"),
        ),
        (
            owned("finance+invoices@tulipworks.example"),
            ok("finance+invoices@tulipworks.example"),
        ),
        (owned("a@b.example"), ok("a@b.example")),
        (
            owned("ops@eu.billing.tulipworks.example"),
            ok("ops@eu.billing.tulipworks.example"),
        ),
        (
            owned("x_y-z@tulip-works.example"),
            ok("x_y-z@tulip-works.example"),
        ),
        (
            owned("o'brien@tulipworks.example"),
            ok("o'brien@tulipworks.example"),
        ),
        (
            owned("!#$%&'*+-/=?^_`{|}~@tulipworks.example"),
            ok("!#$%&'*+-/=?^_`{|}~@tulipworks.example"),
        ),
        (
            owned("jan@TulipWorks.EXAMPLE"),
            ok("jan@tulipworks.example"),
        ),
        (owned("jan@bücher.example"), ok("jan@xn--bcher-kva.example")),
        (
            owned("jan@xn--bcher-kva.example"),
            ok("jan@xn--bcher-kva.example"),
        ),
        (owned("jan@BÜCHER.example"), ok("jan@xn--bcher-kva.example")),
        (owned("info@例え.example"), ok("info@xn--r8jz45g.example")),
        (owned("12345@123.example"), ok("12345@123.example")),
        (
            format!("{long_local}@tulipworks.example"),
            ok(format!("{long_local}@tulipworks.example")),
        ),
        (longest.clone(), ok(longest)),
        // Refused: empty and length.
        (owned(""), Err(EmailError::Empty)),
        (
            format!("{too_long_local}@tulipworks.example"),
            Err(EmailError::LocalPartTooLong),
        ),
        (too_long, Err(EmailError::TooLong)),
        (
            format!("jan@{}.example", "d".repeat(64)),
            Err(EmailError::InvalidDomain(format!(
                "{}.example",
                "d".repeat(64)
            ))),
        ),
        // Refused: control characters, never in a header.
        (
            owned("jan@tulipworks.example\r\nBcc: all@victim.example"),
            Err(EmailError::ControlCharacter),
        ),
        (
            owned("jan@tulipworks.example\n"),
            Err(EmailError::ControlCharacter),
        ),
        (
            owned("jan\r@tulipworks.example"),
            Err(EmailError::ControlCharacter),
        ),
        (
            owned("jan\0@tulipworks.example"),
            Err(EmailError::ControlCharacter),
        ),
        (
            owned("jan\t@tulipworks.example"),
            Err(EmailError::ControlCharacter),
        ),
        (
            owned("jan\u{7f}@tulipworks.example"),
            Err(EmailError::ControlCharacter),
        ),
        (
            owned("jan\u{85}@tulipworks.example"),
            Err(EmailError::ControlCharacter),
        ),
        // Refused: whitespace and display names.
        (
            owned(" jan@tulipworks.example"),
            Err(EmailError::Whitespace),
        ),
        (
            owned("jan@tulipworks.example "),
            Err(EmailError::Whitespace),
        ),
        (
            owned("jan de vries@tulipworks.example"),
            Err(EmailError::Whitespace),
        ),
        (
            owned("jan@tulip works.example"),
            Err(EmailError::Whitespace),
        ),
        (
            owned("jan\u{a0}@tulipworks.example"),
            Err(EmailError::Whitespace),
        ),
        (
            owned("Jan <jan@tulipworks.example>"),
            Err(EmailError::DisplayName),
        ),
        (
            owned("<jan@tulipworks.example>"),
            Err(EmailError::DisplayName),
        ),
        (
            owned("\"Jan\"<jan@tulipworks.example>"),
            Err(EmailError::DisplayName),
        ),
        // Refused: the @.
        (owned("jan.tulipworks.example"), Err(EmailError::MissingAt)),
        (
            owned("jan@@tulipworks.example"),
            Err(EmailError::MultipleAt),
        ),
        (
            owned("jan@tulip@works.example"),
            Err(EmailError::MultipleAt),
        ),
        (
            owned("\"jan@home\"@tulipworks.example"),
            Err(EmailError::MultipleAt),
        ),
        (
            owned("@tulipworks.example"),
            Err(EmailError::EmptyLocalPart),
        ),
        (owned("jan@"), Err(EmailError::MissingDomain)),
        // Refused: dots.
        (owned(".jan@tulipworks.example"), Err(EmailError::DotAtEdge)),
        (owned("jan.@tulipworks.example"), Err(EmailError::DotAtEdge)),
        (
            owned("jan..devries@tulipworks.example"),
            Err(EmailError::ConsecutiveDots),
        ),
        (owned("jan@.tulipworks.example"), Err(EmailError::DotAtEdge)),
        (owned("jan@tulipworks.example."), Err(EmailError::DotAtEdge)),
        (
            owned("jan@tulipworks..example"),
            Err(EmailError::ConsecutiveDots),
        ),
        (owned("jan@localhost"), Err(EmailError::DomainWithoutDot)),
        // Refused: characters.
        (
            owned("\"jan\"@tulipworks.example"),
            Err(EmailError::InvalidCharacter('"')),
        ),
        (
            owned("jan,piet@tulipworks.example"),
            Err(EmailError::InvalidCharacter(',')),
        ),
        (
            owned("jan(work)@tulipworks.example"),
            Err(EmailError::InvalidCharacter('(')),
        ),
        (
            owned("jan;@tulipworks.example"),
            Err(EmailError::InvalidCharacter(';')),
        ),
        (
            owned("jan:x@tulipworks.example"),
            Err(EmailError::InvalidCharacter(':')),
        ),
        (
            owned("jän@tulipworks.example"),
            Err(EmailError::InvalidCharacter('ä')),
        ),
        (
            owned("jan\\x@tulipworks.example"),
            Err(EmailError::InvalidCharacter('\\')),
        ),
        // Refused: domains.
        invalid_domain("[192.0.2.1]"),
        invalid_domain("192.0.2.1"),
        invalid_domain("tulip_works.example"),
        invalid_domain("-tulipworks.example"),
        invalid_domain("tulipworks-.example"),
        invalid_domain("tulip!works.example"),
        invalid_domain("tulip/works.example"),
        invalid_domain("xn--zz.example"),
        // International domains: mapped as UTS #46 says (non-transitional,
        // width and compatibility forms, the full-width dot) or refused
        // (STD3, CheckHyphens, CheckJoiners, CheckBidi, Punycode of plain
        // ASCII); the browser's URL parser must agree with the `idna` crate.
        (owned("jan@straße.example"), ok("jan@xn--strae-oqa.example")),
        (owned("jan@ＴＵＬＩＰ.example"), ok("jan@tulip.example")),
        (owned("jan@Ⅻ.example"), ok("jan@xii.example")),
        (owned("jan@☃.example"), ok("jan@xn--n3h.example")),
        (
            owned("jan@\u{5d0}\u{5d1}.example"),
            ok("jan@xn--4dbc.example"),
        ),
        (
            owned("jan@例え．テスト.example"),
            ok("jan@xn--r8jz45g.xn--zckzah.example"),
        ),
        (owned("jan@bücher.0x1"), ok("jan@xn--bcher-kva.0x1")),
        (
            owned("jan@XN--BCHER-KVA.EXAMPLE"),
            ok("jan@xn--bcher-kva.example"),
        ),
        (owned("jan@tulip.xn--p1ai"), ok("jan@tulip.xn--p1ai")),
        invalid_domain("ab--cd.example"),
        invalid_domain("-bücher.example"),
        invalid_domain("bücher-.example"),
        invalid_domain("bü--cher.example"),
        invalid_domain("bü_cher.example"),
        invalid_domain("ｔｕｌｉｐ＿works.example"),
        invalid_domain("b%C3%BCcher.example"),
        invalid_domain("xn--abc-.example"),
        invalid_domain("xn--.example"),
        invalid_domain("a\u{200d}b.example"),
        invalid_domain("\u{5d0}a.example"),
        invalid_domain("\u{301}a.example"),
        // Punycode that decodes to what UTS #46 refuses: upper case, not NFC,
        // a joiner, mixed directions, U+FFFD, a full-width letter.
        invalid_domain("xn--bcher-2pa.example"),
        invalid_domain("xn--bucher-xyd.example"),
        invalid_domain("xn--ab-m1t.example"),
        invalid_domain("xn--a-zhc.example"),
        invalid_domain("xn--ab-gg4n.example"),
        invalid_domain("xn--b-yq0i.example"),
        invalid_domain("a\u{ff0e}.example"),
        (
            format!("jan@{}.example", "ü".repeat(60)),
            Err(EmailError::InvalidDomain(format!(
                "{}.example",
                "ü".repeat(60)
            ))),
        ),
    ]
}
