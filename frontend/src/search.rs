//! What the top bar's global search finds. Pure functions, tested natively.

/// Every name the billing service is known by, in both languages, including the
/// later Dutch name "Kostenbeheer en facturering".
pub const BILLING_SERVICE_NAMES: &[&str] = &[
    "Cost Management + Billing",
    "Cost Management and Billing",
    "Kostenbeheer + facturering",
    "Kostenbeheer en facturering",
    "Invoices",
    "Facturen",
    // Step 4's command, which people following the article may search for.
    "Receive invoice by email",
    "Factuur per e-mail ontvangen",
];

/// Lower case, `+` and `&` read as words, whitespace collapsed.
pub fn normalize(text: &str) -> String {
    text.to_lowercase()
        .replace(['+', '&'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether every word of `query` occurs in `name` (as part of a word).
pub fn matches(name: &str, query: &str) -> bool {
    let query = normalize(query);
    if query.is_empty() {
        return false;
    }
    let name = normalize(name);
    query.split(' ').all(|word| name.contains(word))
}

/// Whether `query` finds the billing service under any of its names.
pub fn finds_billing_service(query: &str) -> bool {
    BILLING_SERVICE_NAMES
        .iter()
        .any(|name| matches(name, query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_service_by_every_name_the_spec_lists() {
        for query in [
            "Cost Management + Billing",
            "cost management + billing",
            "Kostenbeheer + facturering",
            "Kostenbeheer en facturering",
            "kostenbeheer en facturering",
            "billing",
            "Billing",
            "facturering",
            "cost",
            "kosten",
            "cost billing",
            "invoices",
            "facturen",
            "factuur",
            "factuur per e-mail",
            "invoice by email",
            "  billing  ",
        ] {
            assert!(finds_billing_service(query), "{query:?}");
        }
    }

    #[test]
    fn does_not_find_it_by_unrelated_words() {
        for query in [
            "",
            "   ",
            "+",
            "virtual machines",
            "storage",
            "billingx",
            "kosten storage",
        ] {
            assert!(!finds_billing_service(query), "{query:?}");
        }
    }
}
