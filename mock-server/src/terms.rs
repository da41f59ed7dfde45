//! The terms of the email-invoice programme. Sample text written for this
//! project; it says so itself.

use shared::{Locale, TermsDocument};

/// The version an opt-in must name. Bump it when the text changes: earlier
/// acceptances stay recorded with the version they accepted. 2026-11 calls the
/// preferred email by its label's name in Dutch (2026-05 said "e-mailadres voor
/// communicatie").
pub const CURRENT_VERSION: &str = "2026-11";

pub fn document(locale: Locale) -> TermsDocument {
    let (title, paragraphs): (&str, &[&str]) = match locale {
        Locale::EnUs => (
            "Terms for receiving invoices by email (sample)",
            &[
                "This is sample text written for a training and testing mock. It is not \
                 Microsoft's text and has no legal meaning.",
                "By opting in, you ask to receive each invoice of this subscription or \
                 support plan as a PDF attached to an email, sent to the preferred \
                 communication email of your profile and to any additional recipients \
                 you configure.",
                "Email is not a secure channel. Anyone who can read the mailboxes you \
                 name can read your invoices. Configure only recipients who may see them.",
                "You can opt out at any time. Opting out removes the additional recipients; \
                 invoices stay available on the Invoices page.",
            ],
        ),
        Locale::NlNl => (
            "Voorwaarden voor het ontvangen van facturen per e-mail (voorbeeld)",
            &[
                "Dit is voorbeeldtekst, geschreven voor een oefen- en testomgeving. Het is \
                 geen tekst van Microsoft en heeft geen juridische betekenis.",
                "Door facturen per e-mail in te schakelen, vraagt u om elke factuur van dit abonnement of \
                 ondersteuningsplan als pdf-bijlage per e-mail te ontvangen, verzonden naar \
                 het voorkeursadres voor communicatie in uw profiel en naar de extra \
                 geadresseerden die u configureert.",
                "E-mail is geen beveiligd kanaal. Iedereen die de opgegeven postvakken kan \
                 lezen, kan uw facturen lezen. Configureer alleen geadresseerden die ze \
                 mogen zien.",
                "U kunt facturen per e-mail op elk moment uitschakelen. Uitschakelen \
                 verwijdert de extra geadresseerden; facturen blijven beschikbaar op de pagina Facturen.",
            ],
        ),
    };
    TermsDocument {
        version: CURRENT_VERSION.to_owned(),
        locale,
        title: title.to_owned(),
        paragraphs: paragraphs.iter().map(|p| (*p).to_owned()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terms name the preferred email as the pane's label does, so a reader
    /// knows which address they mean.
    #[test]
    fn the_terms_call_the_preferred_email_by_its_label() {
        for locale in [Locale::EnUs, Locale::NlNl] {
            let label = shared::i18n::format(locale, "preferred-email", None).to_lowercase();
            let text = document(locale).paragraphs.join(" ");
            assert!(
                text.contains(&label),
                "{locale:?} terms do not say {label:?}: {text}"
            );
        }
    }
}
