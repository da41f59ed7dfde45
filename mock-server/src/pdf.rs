//! The invoice as a one-page PDF: number, period, dates, lines, total.
//! Written with `pdf-writer` using the standard Helvetica fonts (nothing to
//! embed); the same invoice always gives the same bytes.

use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str, TextStr};
use shared::i18n::format as t;
use shared::{Invoice, Locale, Money};

use crate::format;

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// What the invoice is about, besides the invoice itself.
pub struct InvoiceParty<'a> {
    /// The billing scope's name, e.g. "Tulipworks Production".
    pub scope_name: &'a str,
    /// The subscription or order id shown under it.
    pub scope_external_id: &'a str,
    /// The Account Administrator the invoice is addressed to.
    pub bill_to: &'a str,
}

/// Encodes text for the WinAnsi (Windows-1252) encoding of the base fonts;
/// characters it cannot show become '?'.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' => c as u8,
            '€' => 0x80,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

/// Helvetica's advance width of `text` at `size`, close enough to right-align
/// amounts (digits and most signs are 0.556 em; separators and spaces 0.278).
fn width(text: &str, size: f32) -> f32 {
    let em: f32 = text
        .chars()
        .map(|c| match c {
            '.' | ',' | ' ' | '\u{a0}' => 0.278,
            '-' => 0.333,
            _ => 0.556,
        })
        .sum();
    em * size
}

/// The invoice's lines: usage, support, VAT. The VAT is 21% of the net
/// (usage + support), rounded half up; the lines add up to the total, which
/// is the net plus that VAT (see [`crate::seed::invoice_for`]).
fn lines(amount: &Money) -> [(&'static str, Money); 3] {
    let net = crate::seed::net_of(amount.minor_units);
    let tax = crate::seed::vat_on(net);
    let support = net * 15 / 100;
    let usage = net - support;
    let money = |minor_units| Money {
        minor_units,
        currency: amount.currency.clone(),
    };
    [
        ("pdf-line-usage", money(usage)),
        ("pdf-line-support", money(support)),
        ("pdf-line-tax", money(tax)),
    ]
}

struct Page {
    content: Content,
}

impl Page {
    fn text(&mut self, font: &[u8], size: f32, x: f32, y: f32, text: &str) {
        self.content
            .begin_text()
            .set_font(Name(font), size)
            .next_line(x, y)
            .show(Str(&win_ansi(text)))
            .end_text();
    }

    fn right(&mut self, font: &[u8], size: f32, right_edge: f32, y: f32, text: &str) {
        self.text(font, size, right_edge - width(text, size), y, text);
    }

    fn rule(&mut self, y: f32) {
        self.content
            .set_stroke_rgb(0.8, 0.8, 0.8)
            .set_line_width(0.75)
            .move_to(MARGIN, y)
            .line_to(PAGE_WIDTH - MARGIN, y)
            .stroke();
    }
}

pub fn invoice_pdf(invoice: &Invoice, party: &InvoiceParty<'_>, locale: Locale) -> Vec<u8> {
    let (regular, bold) = (b"F1".as_slice(), b"F2".as_slice());
    let right_edge = PAGE_WIDTH - MARGIN;
    let mut page = Page {
        content: Content::new(),
    };

    // Header band.
    page.content
        .set_fill_rgb(0.0, 0.471, 0.831)
        .rect(0.0, PAGE_HEIGHT - 8.0, PAGE_WIDTH, 8.0)
        .fill_nonzero()
        .set_fill_rgb(0.196, 0.192, 0.188);
    let mut y = PAGE_HEIGHT - MARGIN - 10.0;
    page.text(bold, 24.0, MARGIN, y, &t(locale, "pdf-title", None));
    page.right(
        regular,
        10.0,
        right_edge,
        y + 8.0,
        &t(locale, "pdf-issuer", None),
    );

    // Facts.
    y -= 44.0;
    let facts = [
        ("pdf-invoice-number", invoice.id.clone()),
        (
            "pdf-billing-period",
            format!(
                "{} – {}",
                format::date(locale, invoice.period_start),
                format::date(locale, invoice.period_end)
            ),
        ),
        (
            "pdf-invoice-date",
            format::date(locale, invoice.invoice_date),
        ),
        ("pdf-due-date", format::date(locale, invoice.due_date)),
    ];
    for (key, value) in &facts {
        page.text(regular, 10.0, MARGIN, y, &t(locale, key, None));
        page.text(bold, 10.0, MARGIN + 130.0, y, value);
        y -= 16.0;
    }

    // Billed to.
    y -= 14.0;
    page.text(regular, 10.0, MARGIN, y, &t(locale, "pdf-bill-to", None));
    page.text(bold, 10.0, MARGIN + 130.0, y, party.bill_to);
    y -= 16.0;
    page.text(regular, 10.0, MARGIN + 130.0, y, party.scope_name);
    y -= 14.0;
    page.text(regular, 8.0, MARGIN + 130.0, y, party.scope_external_id);

    // Lines.
    y -= 40.0;
    page.text(bold, 10.0, MARGIN, y, &t(locale, "pdf-description", None));
    page.right(bold, 10.0, right_edge, y, &t(locale, "pdf-amount", None));
    y -= 8.0;
    page.rule(y);
    for (key, amount) in lines(&invoice.amount) {
        y -= 20.0;
        page.text(regular, 10.0, MARGIN, y, &t(locale, key, None));
        page.right(
            regular,
            10.0,
            right_edge,
            y,
            &format::money(locale, &amount),
        );
    }
    y -= 10.0;
    page.rule(y);
    y -= 22.0;
    page.text(bold, 12.0, MARGIN, y, &t(locale, "pdf-total", None));
    page.right(
        bold,
        12.0,
        right_edge,
        y,
        &format::money(locale, &invoice.amount),
    );

    // Footer.
    page.text(regular, 8.0, MARGIN, MARGIN, &t(locale, "pdf-footer", None));

    let mut pdf = Pdf::new();
    let (catalog, tree, page_id, font, bold_font, content, info) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
        Ref::new(7),
    );
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let mut pdf_page = pdf.page(page_id);
    pdf_page
        .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
        .parent(tree)
        .contents(content);
    pdf_page
        .resources()
        .fonts()
        .pair(Name(regular), font)
        .pair(Name(bold), bold_font);
    drop(pdf_page);
    pdf.type1_font(font)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold_font)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.stream(content, &page.content.finish());
    let title = format!("{} {}", t(locale, "pdf-title", None), invoice.id);
    pdf.document_info(info)
        .title(TextStr(&title))
        .producer(TextStr("email-invoice-portal mock-server"));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use shared::{InvoiceStatus, ScopeId};

    fn invoice() -> Invoice {
        Invoice {
            id: "E0ABCDEF12".into(),
            scope_id: ScopeId("sub-production".into()),
            period_start: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            period_end: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            invoice_date: NaiveDate::from_ymd_opt(2026, 11, 9).unwrap(),
            due_date: NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
            amount: Money {
                minor_units: 191_362,
                currency: "EUR".into(),
            },
            status: InvoiceStatus::Due,
        }
    }

    const PARTY: InvoiceParty<'static> = InvoiceParty {
        scope_name: "Tulipworks Production",
        scope_external_id: "03cef99e-e54a-b190-a3b9-6d9500224d82",
        bill_to: "Noor Jansen",
    };

    #[test]
    fn a_one_page_pdf_that_says_what_the_invoice_is() {
        let bytes = invoice_pdf(&invoice(), &PARTY, Locale::EnUs);
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.ends_with(b"%%EOF") || bytes.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&bytes);
        for needle in [
            "(E0ABCDEF12)",
            "(Invoice)",
            "(Total)",
            "(Noor Jansen)",
            "/Count 1",
        ] {
            assert!(text.contains(needle), "{needle} missing");
        }
        // The total: with its euro sign (WinAnsi 0x80) the string is written in hex.
        let hex: String = win_ansi("€1,913.62")
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert!(
            text.contains(&format!("<{hex}>")),
            "the total is on the page"
        );
        assert_eq!(
            bytes,
            invoice_pdf(&invoice(), &PARTY, Locale::EnUs),
            "deterministic"
        );
        let dutch =
            String::from_utf8_lossy(&invoice_pdf(&invoice(), &PARTY, Locale::NlNl)).into_owned();
        assert!(dutch.contains("(Factuur)") && dutch.contains("(Totaal)"));
    }

    fn eur(minor_units: i64) -> Money {
        Money {
            minor_units,
            currency: "EUR".into(),
        }
    }

    #[test]
    fn lines_add_up_to_the_total() {
        for net in [0, 1, 99, 158_150, 162_917, 8_264, 4_050, 102_031] {
            let total = net + crate::seed::vat_on(net);
            let sum: i64 = lines(&eur(total)).iter().map(|(_, m)| m.minor_units).sum();
            assert_eq!(sum, total);
        }
    }

    /// QA's invoice: 1,384.80 + 244.37 = 1,629.17 net; its VAT is 342.13
    /// (21%, rounded half up), not 342.12 derived back from a total.
    #[test]
    fn the_vat_line_is_21_percent_of_the_net() {
        let [usage, support, tax] = lines(&eur(197_130));
        assert_eq!(
            (
                usage.1.minor_units,
                support.1.minor_units,
                tax.1.minor_units
            ),
            (138_480, 24_437, 34_213)
        );
        for net in 0..50_000 {
            let [usage, support, tax] = lines(&eur(net + crate::seed::vat_on(net)));
            let net_shown = usage.1.minor_units + support.1.minor_units;
            assert_eq!(net_shown, net);
            assert_eq!(tax.1.minor_units, (net_shown * 21 + 50) / 100, "{net}");
        }
    }

    #[test]
    fn text_is_encoded_for_the_base_fonts() {
        assert_eq!(win_ansi("A€é–"), vec![b'A', 0x80, 0xe9, 0x96]);
        assert_eq!(win_ansi("例"), b"?");
        // Parentheses and backslashes are escaped by Str, not here.
        assert_eq!(win_ansi("(x)"), b"(x)");
    }
}
