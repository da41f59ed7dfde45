//! International domains: to ASCII for storing and comparing, and back to
//! Unicode for showing.
//!
//! Both directions follow UTS #46 (non-transitional, with the STD3 ASCII
//! rules and CheckHyphens, as `idna::domain_to_ascii_strict`).
//!
//! - **On the server** (and every non-wasm build) the `idna` crate does it.
//!   The server decides: its answer is the one that counts.
//! - **In the browser** the app does not carry a second copy of the Unicode
//!   tables (about 55 KB of the bundle, gzip): the browser's own UTS #46, its
//!   URL parser's domain-to-ASCII, maps and checks the domain, and
//!   `to_ascii_with` and the validator's label checks add the rules the URL
//!   Standard leaves out (STD3, CheckHyphens, VerifyDnsLength). The table in
//!   `cases.rs` runs on both, and the tests below show the validator gives
//!   the same with either way.
//!
//! Addresses the browser reads from the server skip this step
//! (`EmailAddress::parse_canonical`): they are canonical already.
//!
//! Back to Unicode needs only Punycode: the domain is canonical already.

/// The domain in lower-case ASCII (Punycode for international labels), or
/// `Err` when UTS #46 refuses it. Lengths and the characters of the result
/// are checked by the caller.
pub(super) fn to_ascii(domain: &str) -> Result<String, ()> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        idna::domain_to_ascii_strict(domain).map_err(drop)
    }
    #[cfg(target_arch = "wasm32")]
    {
        to_ascii_with(domain, browser_domain_to_ascii)
    }
}

/// The domain with its Punycode labels decoded, for showing to people.
pub(super) fn to_unicode(ascii: &str) -> String {
    ascii
        .split('.')
        .map(|label| decode_punycode(label).unwrap_or_else(|| label.to_owned()))
        .collect::<Vec<_>>()
        .join(".")
}

/// UTS #46 ToASCII as `to_ascii` gives it, given the URL Standard's
/// domain-to-ASCII as `url_domain_to_ascii`: this adds STD3 for the input
/// and CheckHyphens, which the URL Standard leaves out; the caller's label
/// checks do STD3 for the result and VerifyDnsLength.
///
/// A Punycode label is checked by decoding the domain and converting it
/// again: valid only if that gives the same ASCII. (A browser may pass an
/// ASCII host through without looking inside its `xn--` labels, as Chromium
/// does with `xn--zz`; the decoded form is Unicode, which it always checks.)
#[cfg(any(test, target_arch = "wasm32"))]
fn to_ascii_with(
    domain: &str,
    url_domain_to_ascii: impl Fn(&str) -> Result<String, ()>,
) -> Result<String, ()> {
    // STD3: of ASCII, only letters, digits and hyphens, and the dots between
    // labels. Checked before the URL parser, which would read `%41` as `A`
    // and `/`, `?`, `#` or `:` as the end of the host.
    if domain
        .chars()
        .any(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
    {
        return Err(());
    }
    let ascii = if domain.is_ascii() && !domain.split('.').any(is_punycode) {
        // All UTS #46 does to such a domain.
        domain.to_ascii_lowercase()
    } else {
        url_domain_to_ascii(domain)?
    };
    // STD3 on the result (a mapping may give `_`, from the full-width low
    // line) and VerifyDnsLength are the caller's checks of every label.
    for label in ascii.split('.') {
        check_hyphens(label)?;
    }
    if ascii.split('.').any(is_punycode) && url_domain_to_ascii(&to_unicode(&ascii))? != ascii {
        return Err(());
    }
    Ok(ascii)
}

/// CheckHyphens on one label of an ASCII domain, decoded first if Punycode:
/// no hyphen first or last, none in both the third and fourth places. A
/// Punycode label must also decode to something that is not plain ASCII.
#[cfg(any(test, target_arch = "wasm32"))]
fn check_hyphens(label: &str) -> Result<(), ()> {
    let decoded;
    let text = if is_punycode(label) {
        decoded = decode_punycode(label).ok_or(())?;
        if decoded.is_ascii() {
            return Err(());
        }
        decoded.as_str()
    } else {
        label
    };
    let chars: Vec<char> = text.chars().collect();
    let hyphen_at = |i: usize| chars.get(i) == Some(&'-');
    let misplaced = hyphen_at(0) || chars.last() == Some(&'-') || (hyphen_at(2) && hyphen_at(3));
    if misplaced {
        Err(())
    } else {
        Ok(())
    }
}

fn is_punycode(label: &str) -> bool {
    label.len() >= 4 && label[..4].eq_ignore_ascii_case("xn--")
}

fn decode_punycode(label: &str) -> Option<String> {
    if !is_punycode(label) {
        return None;
    }
    idna::punycode::decode_to_string(&label[4..])
}

/// The browser's URL parser as UTS #46 ToASCII (the URL Standard's
/// domain-to-ASCII: non-transitional, CheckBidi, CheckJoiners).
#[cfg(target_arch = "wasm32")]
fn browser_domain_to_ascii(domain: &str) -> Result<String, ()> {
    // A last label that is not a number, so the parser never reads the
    // domain as an IPv4 address (`bücher.0x1` is a domain to UTS #46).
    const SUFFIX: &str = ".x";
    let url = web_sys::Url::new(&format!("http://{domain}{SUFFIX}/")).map_err(drop)?;
    url.hostname()
        .strip_suffix(SUFFIX)
        .map(str::to_owned)
        .ok_or(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::email::{EmailAddress, EmailError};

    /// The URL Standard's domain-to-ASCII, as the `idna` crate implements it:
    /// the stand-in for the browser's URL parser on the host.
    fn url_standard(domain: &str) -> Result<String, ()> {
        idna::domain_to_ascii(domain).map_err(drop)
    }

    /// `input` validated with the browser's way to ASCII (the URL Standard's
    /// algorithm standing in for the browser's parser), as text to compare.
    fn parse_the_browsers_way(input: &str) -> Result<String, EmailError> {
        EmailAddress::parse_with(input, |domain| to_ascii_with(domain, url_standard))
            .map(|address| address.as_str().to_owned())
    }

    fn parse_the_servers_way(input: &str) -> Result<String, EmailError> {
        EmailAddress::parse(input).map(|address| address.as_str().to_owned())
    }

    #[test]
    fn the_browser_path_agrees_with_the_strict_one_on_the_table() {
        for (input, _) in crate::email::cases::cases() {
            assert_eq!(
                parse_the_browsers_way(&input),
                parse_the_servers_way(&input),
                "{input:?}"
            );
        }
    }

    /// The same over generated domains: labels of letters that map, are
    /// refused or change the rules (joiners, right-to-left letters,
    /// combining marks, symbols), in every position.
    #[cfg(not(target_arch = "wasm32"))]
    mod generated {
        use super::*;
        use proptest::prelude::*;
        use proptest::sample::select;

        fn label() -> impl Strategy<Value = String> {
            let letters = select(vec![
                'a', 'B', 'z', '0', '7', '-', '_', '%', 'ü', 'ß', 'Ü', 'é', 'ｔ', '＿', 'Ⅻ', 'ﬁ',
                '\u{200c}', '\u{200d}', '\u{94d}', 'क', 'א', 'ב', '\u{661}', '\u{301}', '例', 'テ',
                '☃', '\u{ff0e}', '。',
            ]);
            prop::collection::vec(letters, 1..10).prop_map(|chars| chars.into_iter().collect())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4000))]
            #[test]
            fn the_browser_path_agrees_with_the_strict_one(
                labels in prop::collection::vec(label(), 1..4),
                top in select(vec!["example", "nl", "0x1", "xn--p1ai"]),
            ) {
                let input = format!("jan@{}.{top}", labels.join("."));
                prop_assert_eq!(
                    parse_the_browsers_way(&input),
                    parse_the_servers_way(&input),
                    "{:?}", input
                );
            }
        }
    }

    #[test]
    fn ascii_domains_never_reach_the_url_parser() {
        let unused = |_: &str| -> Result<String, ()> { panic!("the URL parser was asked") };
        assert_eq!(
            to_ascii_with("Tulip-Works.Example", unused),
            Ok("tulip-works.example".to_owned())
        );
        assert_eq!(to_ascii_with("ab--cd.example", unused), Err(()));
    }

    #[test]
    fn shows_punycode_labels_in_unicode() {
        assert_eq!(
            to_unicode("jan.xn--bcher-kva.xn--r8jz45g.example"),
            "jan.bücher.例え.example"
        );
    }
}
