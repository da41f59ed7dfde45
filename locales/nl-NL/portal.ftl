# Berichten van de walkthrough-app, nl-NL. De factuur-e-mails gebruiken dit bestand later ook.
# De negen staplabels volgen de (machinevertaalde) tekst van het artikel, in zinsopbouw-hoofdletters.

app-name = Portal-walkthrough
skip-to-content = Naar de inhoud
loading = Laden…
retry = Opnieuw proberen
close = Sluiten
cancel = Annuleren
back = Terug
save = Opslaan
saving = Opslaan…
refresh = Vernieuwen
dismiss = Melding sluiten
breadcrumb = Kruimelpad

## De negen stappen van het artikel

step-1-label = Aanmelden
step-2-label = Kostenbeheer + facturering
step-3-label = Facturen
step-4-label = Factuur per e-mail ontvangen
step-5-label = E-mail factuur
step-6-label = Profiel bijwerken
step-7-label = Geadresseerden configureren
step-8-label = Geadresseerde toevoegen
step-9-label = Gedaan

## Begeleide modus

guide-title = Stap voor stap
guide-collapse = Stappen verbergen
guide-expand = Stappen tonen
guide-turn-off = Uitschakelen
guide-progress = Stap { $step } van { $total }
guide-all-done = Alle negen stappen zijn klaar. Facturen van dit bereik gaan nu per e-mail naar het voorkeursadres en uw geadresseerden.
guide-off-path = Deze pagina is geen van de negen stappen. Ga naar Facturen, onder Kostenbeheer + facturering, om verder te gaan.
guide-blocked-admin = Alleen de accountbeheerder kan e-mailfacturen inschakelen. Meld u af via het accountmenu en meld u aan als Noor Jansen om verder te gaan.
guide-blocked-scope = Dit bereik kan geen facturen per e-mail krijgen (het deelvenster zegt waarom). Sluit het deelvenster en kies een abonnement of ondersteuningsplan om verder te gaan.
guide-blocked-every-scope = Geen van uw bereiken kan facturen per e-mail krijgen (het deelvenster zegt waarom). Meld u af via het accountmenu en meld u aan als Noor Jansen om verder te gaan.
guide-state-done = (klaar)
guide-state-current = (huidige stap)
guide-step-1 = Kies een account. Noor Jansen is accountbeheerder en mag e-mailfacturen inschakelen.
guide-step-2 = Typ "facturering" in het zoekvak bovenaan (druk op / om er te komen) en kies de service.
guide-step-3 = Kies Facturen in het menu links.
guide-step-4 = Kies boven het raster een abonnement of ondersteuningsplan en daarna de opdracht erboven.
guide-step-5 = Kies de knop, lees de voorwaarden, vink het vakje aan en schakel e-mailfacturen in.
guide-step-6 = Controleer waar de facturen heen gaan en wijzig zo nodig het voorkeursadres.
guide-step-7 = Open de editor voor extra geadresseerden.
guide-step-8 = Typ een adres en voeg het toe. Voeg er zoveel toe als nodig.
guide-step-9 = Sla de lijst op met de knop onderaan het deelvenster.

## Instellingen

settings = Instellingen
settings-language = Taal
settings-theme = Thema
settings-theme-light = Licht
settings-theme-dark = Donker
settings-guide = Begeleide modus

## Aanmelden en account

sign-in-intro = Kies het account waarmee u zich aanmeldt. Elk account is een persona van deze mock met een eigen rol; een wachtwoord is niet nodig.
sign-in-accounts = Accounts
sign-out = Afmelden
role-account-administrator = Accountbeheerder
role-co-administrator = Medebeheerder
role-billing-reader = Factureringslezer

## Start en zoeken

home-title = Start
home-welcome = Welkom, { $name }.
home-search-hint = Zoek een service met het zoekvak bovenaan: typ "facturering" of "kosten".
home-services = Services
search-label = Resources en services zoeken
search-placeholder = Resources en services zoeken (druk op /)
search-results = Zoekresultaten
search-no-results = Geen resultaten. Probeer "facturering" of "kosten".
search-group-services = Services
search-group-resources = Resources
search-service-detail = Service
service-billing = Kostenbeheer + facturering

## Kostenbeheer + facturering

menu-search-label = Het menu doorzoeken
menu-search-placeholder = Zoeken
menu-no-results = Geen menu-items gevonden.
menu-overview = Overzicht
menu-group-billing = Facturering
menu-invoices = Facturen
menu-group-support = Ondersteuning
menu-about = Over deze walkthrough
overview-intro = Uw factureringsbereiken en of hun facturen per e-mail worden verzonden.
overview-scopes = Factureringsbereiken
overview-scroll-hint = Factureringsbereiken (schuift opzij op een smal scherm)
overview-no-scopes = Dit account heeft geen factureringsbereiken.
column-scope = Bereik
column-kind = Type
column-email-invoice = Facturen per e-mail
kind-subscription = Abonnement
kind-support-plan = Ondersteuningsplan
kind-reservation = Reservering
kind-marketplace = Marketplace-aankoop
email-invoice-on = Aan
email-invoice-off = Uit
email-invoice-not-available = Niet beschikbaar

about-intro = Dit is een mock van de portalpagina's voor het per e-mail ontvangen van Azure-facturen, om de stappen te oefenen en te testen. Niets hier raakt een echt abonnement en geen e-mail verlaat deze computer.
about-rules = De regels
about-rule-admin = Alleen de accountbeheerder van een abonnement of ondersteuningsplan kan facturen per e-mail inschakelen.
about-rule-scopes = Voor reserveringen, Azure Marketplace-aankopen en Azure Government-abonnementen kunnen facturen per e-mail niet worden ingeschakeld.
about-rule-recipients = Geadresseerden kunnen pas worden geconfigureerd als facturen per e-mail zijn ingeschakeld; uitschakelen verwijdert ze.
about-rule-delivery = De factuur gaat naar het voorkeursadres voor communicatie in het profiel en naar elke extra geadresseerde.
about-personas = De accounts

## Facturen

scope-picker-label = Abonnement of bereik
scope-picker-choose = Kies een abonnement of bereik
scope-id = ID
scope-unknown = Er is geen factureringsbereik "{ $scope }" voor dit account. Kies er een uit de lijst.
scope-unknown-pane = Dit account heeft zo'n factureringsbereik niet. Sluit het deelvenster en kies er een uit de lijst.
invoices-caption = Facturen van { $scope }
invoices-empty = Er zijn nog geen facturen voor dit bereik.
column-invoice-id = Factuur-ID
column-billing-period = Factureringsperiode
column-invoice-date = Factuurdatum
column-due-date = Vervaldatum
column-amount = Bedrag
column-status = Status
column-download = Downloaden
invoice-download = PDF
invoice-download-failed = Factuur { $id } kon niet worden gedownload. { $error }
invoice-download-label = Factuur { $id } downloaden als pdf
invoices-scroll-hint = Facturen van { $scope } (schuift opzij op een smal scherm)
invoice-status-paid = Betaald
invoice-status-due = Te betalen
invoice-status-past-due = Achterstallig

## Factuur per e-mail ontvangen

email-invoice-explain = Ontvang elke factuur van dit bereik als pdf-bijlage bij een e-mail, in plaats van alleen op deze pagina. Inschakelen stuurt een bevestiging naar het voorkeursadres; elke factuur gaat daarna naar het voorkeursadres en elke extra geadresseerde.
email-invoice-opted-in = Facturen worden per e-mail verzonden. Voorwaarden versie { $version } geaccepteerd door { $name } op { $date }.
reason-not-account-administrator = Alleen de accountbeheerder van dit bereik kan facturen per e-mail inschakelen. Vraag het de accountbeheerder.
reason-not-account-administrator-opted-in = Alleen de accountbeheerder van dit bereik kan het voorkeursadres en de geadresseerden wijzigen of e-mailfacturen uitschakelen. Vraag het de accountbeheerder.
reason-reservation = Reserveringen komen niet in aanmerking voor facturen per e-mail: ze worden via hun abonnement gefactureerd.
reason-marketplace = Azure Marketplace-aankopen komen niet in aanmerking voor facturen per e-mail: de uitgever factureert ze.
reason-government = Azure Government-abonnementen ondersteunen geen facturen per e-mail.
preferred-email = Voorkeursadres voor communicatie
preferred-email-explain = De factuur gaat altijd naar dit adres uit uw profiel.
preferred-email-explain-other = De factuur gaat altijd naar dit adres, uit het profiel van de accountbeheerder van dit bereik (niet het uwe).
recipients-heading = Extra geadresseerden
recipients-count = { $count } van { $max } { $max ->
    [one] geadresseerde
   *[other] geadresseerden
}
recipients-who-gets-what = Elke factuur gaat naar het voorkeursadres en naar elke extra geadresseerde.
recipients-opt-in-first = Schakel eerst facturen per e-mail in; daarna kunt u geadresseerden configureren.
recipients-not-available = Extra geadresseerden bestaan alleen waar facturen per e-mail beschikbaar zijn (zie hierboven).
recipients-admin-only = Zodra de accountbeheerder facturen per e-mail inschakelt, kan die hier extra geadresseerden configureren; u kunt dat niet.
opt-out = E-mailfacturen uitschakelen
opt-out-explain = Uitschakelen stopt de factuur-e-mails voor dit bereik. { $count ->
    [0] Facturen blijven beschikbaar op deze pagina.
    [one] De extra geadresseerde wordt ook verwijderd; opnieuw inschakelen begint zonder geadresseerden.
   *[other] De { $count } extra geadresseerden worden ook verwijderd; opnieuw inschakelen begint zonder geadresseerden.
}
opt-out-confirm = Geen facturen meer per e-mail verzenden? { $count ->
    [0] Facturen blijven beschikbaar op deze pagina.
    [one] De extra geadresseerde wordt verwijderd.
   *[other] De { $count } extra geadresseerden worden verwijderd.
}
opted-out-toast = Facturen worden niet meer per e-mail verzonden. { $count ->
    [0] {""}
    [one] De extra geadresseerde is verwijderd.
   *[other] De { $count } extra geadresseerden zijn verwijderd.
}

opted-out-elsewhere-toast = Dit bereik was al afgemeld (in een ander tabblad, of door iemand anders): facturen worden niet meer per e-mail verzonden.

## Voorwaarden

terms-version = Versie { $version }
terms-agree = Ik heb deze voorwaarden gelezen en ga ermee akkoord
terms-must-agree = Vink eerst het vakje aan om de voorwaarden te accepteren.
terms-already-opted-in = Dit bereik ontvangt al facturen per e-mail: de voorwaarden zijn geaccepteerd. Ga terug om te zien wie ze ontvangt.
opt-in = Accepteren en inschakelen
opting-in = Inschakelen…
opted-in-toast = Ingeschakeld: facturen worden per e-mail verzonden naar { $email }.

## Profiel

profile-explain = Facturen gaan naar dit adres. Het is het voorkeursadres voor communicatie in uw profiel.
profile-email-language = Taal van de factuur-e-mails
profile-email-language-hint = Elke factuur-e-mail wordt in deze taal geschreven (de bevestiging van het inschakelen in de taal waarin de voorwaarden zijn gelezen).
profile-saved-toast = Opgeslagen: facturen gaan nu naar { $email }.
profile-saved-toast-recipient-removed = Opgeslagen: facturen gaan nu naar { $email }, dat geen extra geadresseerde van { $scopes } meer is (het krijgt elke factuur als voorkeursadres).
# Names in a sentence: "A, B and C" (the last two joined by this).
list-and = { $first } en { $last }

## Geadresseerden

recipients-explain = De factuur gaat naar { $email } en naar de adressen hieronder. U kunt er maximaal { $max } toevoegen.
recipient-input-label = E-mailadres
recipients-unsaved = Nog niet opgeslagen: Gedaan slaat de lijst op, Annuleren verwerpt de wijzigingen.
recipients-unsaved-typed = Nog niet opgeslagen: Gedaan voegt { $email } toe en slaat de lijst op, Annuleren verwerpt de wijzigingen.
save-failed-closed = { $what }: er is niets opgeslagen. { $error }
# A save that ended after a switch to another scope (or page) names its scope.
toast-about-scope = { $scope }: { $message }
recipients-discarded-toast = De wijzigingen in de geadresseerden zijn verworpen; de opgeslagen lijst is ongewijzigd.
recipients-none = Nog geen extra geadresseerden.
recipients-earlier-save = Uw laatste wijziging van deze geadresseerden wordt nog opgeslagen. De lijst opent hier zodra die is opgeslagen.
recipients-rebase = Hun lijst laden met mijn wijzigingen
recipients-rebased = De lijst is opnieuw geladen met de wijzigingen die intussen zijn opgeslagen, en uw wijzigingen zijn erop aangebracht. Controleer haar en kies dan Gedaan om op te slaan.
recipients-rebased-full = De lijst is opnieuw geladen met de wijzigingen die intussen zijn opgeslagen, en uw wijzigingen zijn erop aangebracht: er staan nu { $count } van { $max } op. Verwijder er { $over } voordat u Gedaan kiest.
recipient-remove = { $email } verwijderen
# Said to screen readers when the list changes (not shown).
recipient-added = { $email } toegevoegd: { $count } van { $max }.
recipient-removed = { $email } verwijderd: { $count } van { $max }.
recipient-duplicate = { $email } staat al in de lijst.
recipient-is-preferred = { $email } is het voorkeursadres voor communicatie: dat ontvangt elke factuur al.
recipient-placeholder = naam@domein.example
recipients-not-saved = Er is niets opgeslagen: verbeter het adres of maak het veld leeg en kies opnieuw Gedaan.
recipients-not-saved-full = Er is niets opgeslagen: verwijder een adres om ruimte te maken, of maak het veld leeg en kies opnieuw Gedaan.
recipients-not-saved-over = Er is niets opgeslagen: verwijder adressen tot de lijst er hoogstens { $max } bevat en kies dan opnieuw Gedaan.
recipient-limit = De lijst is vol: een bereik kan maximaal { $max } geadresseerden hebben.
recipients-saved-toast = { $count ->
    [0] Opgeslagen: geen extra geadresseerden.
    [one] Opgeslagen: 1 extra geadresseerde.
   *[other] Opgeslagen: { $count } extra geadresseerden.
}

## Adresfouten (codes van shared::EmailError)

email-error-empty = Voer een e-mailadres in.
email-error-too-long = Een e-mailadres kan maximaal { $max } tekens lang zijn.
email-error-local-part-too-long = Het deel voor de @ kan maximaal { $max_local } tekens lang zijn.
email-error-control-character = Een e-mailadres kan geen regeleinden, tabs of andere stuurtekens bevatten.
email-error-whitespace = Een e-mailadres kan geen spaties bevatten.
email-error-display-name = Voer alleen het adres in, zonder naam of punthaken.
email-error-missing-at = Een e-mailadres heeft een @ en een domein nodig, zoals naam@domein.example.
email-error-multiple-at = Een e-mailadres kan maar één @ bevatten.
email-error-empty-local-part = Voer het deel voor de @ in.
email-error-missing-domain = Voer het domein na de @ in, zoals naam@domein.example.
email-error-domain-without-dot = Het domein heeft een punt nodig, zoals domein.example.
email-error-dot-at-edge = Een punt kan niet aan het begin of eind van de naam of het domein staan.
email-error-consecutive-dots = Een e-mailadres kan geen twee punten achter elkaar bevatten.
email-error-invalid-character = Het teken "{ $char }" is niet toegestaan voor de @.
email-error-invalid-domain = "{ $domain }" is geen geldig domein.

## Niet gevonden

not-found-title = Pagina niet gevonden
not-found-text = Er is geen pagina op dit adres.
not-found-link = Naar het begin

## Factuur-e-mails en de pdf-factuur (serverzijde)

email-invoice-subject = Factuur { $number } voor { $period }
email-invoice-greeting = Hallo,
email-invoice-intro = De factuur voor { $scope } over de factureringsperiode { $period } is als pdf bijgevoegd.
email-invoice-amount = Te betalen: { $amount }, uiterlijk op { $due }.
email-invoice-sent-to = Deze factuur is verzonden naar het voorkeursadres voor communicatie { $preferred }{ $others ->
    [none] .
   *[other] {" "}en naar { $others }.
}
email-footer = Dit bericht is gemaakt door de e-mailfactuur-mock. Het is geen echte factuur en er hoeft niets betaald te worden.
email-confirmation-subject = Facturen voor { $scope } worden per e-mail verzonden
email-confirmation-body = Vanaf de volgende factureringscyclus worden de facturen voor { $scope } per e-mail verzonden naar { $email } en naar de extra geadresseerden die u configureert.
email-confirmation-terms = Versie { $version } van de voorwaarden is geaccepteerd door { $name } op { $date }.
pdf-title = Factuur
pdf-issuer = Mock Cloud Billing (voorbeeld)
pdf-invoice-number = Factuurnummer
pdf-billing-period = Factureringsperiode
pdf-invoice-date = Factuurdatum
pdf-due-date = Vervaldatum
pdf-bill-to = Gefactureerd aan
pdf-description = Omschrijving
pdf-amount = Bedrag
pdf-line-usage = Gebruikskosten
pdf-line-support = Ondersteuning en services
pdf-line-tax = Btw (21%)
pdf-total = Totaal
pdf-footer = Voorbeeldfactuur gemaakt door de e-mailfactuur-mock. Geen echte factuur.

## Postvak UIT en factureringscyclus

billing-cycle-run = Factureringscyclus uitvoeren
billing-cycle-failed = De factureringscyclus is niet uitgevoerd. { $error }
billing-cycle-done = Factureringscyclus klaar: { $invoices } facturen uitgegeven, { $emails ->
    [0] geen e-mails verzonden (geen bereik heeft facturen per e-mail ingeschakeld).
    [one] 1 e-mail verzonden. Zie Postvak UIT.
   *[other] { $emails } e-mails verzonden. Zie Postvak UIT.
}
outbox-title = Postvak UIT
outbox-intro = De e-mails die deze mock "verzond": de bevestiging van elke inschakeling en elke factuur van een bereik met facturen per e-mail na een factureringscyclus. Niets verlaat deze computer.
outbox-clear = Alles wissen
outbox-clear-confirm = Alle berichten in dit postvak verwijderen?
outbox-search-label = Berichten zoeken
outbox-search-help = Woorden zoeken in het hele bericht; from:, to: en subject: zoeken in één deel (subject:"twee woorden"), has:attachment en is:read of is:unread filteren. De operatoren zijn in elke taal dezelfde.
# Refusals of an outbox search (the server says them in the request's language).
search-too-many-terms = Een zoekopdracht kan hoogstens { $max } termen hebben.
search-term-too-long = Een zoekterm kan hoogstens { $max } tekens lang zijn.
search-unknown-has = '{ $term }' is geen zoekopdracht; gebruik has:attachment.
search-unknown-is = '{ $term }' is geen zoekopdracht; gebruik is:read of is:unread.
search-read-and-unread = is:read en is:unread samen vinden niets; gebruik er één.
search-needs-value = Na '{ $term }' hoort een waarde, zoals { $operator }finance.
outbox-keys = Toetsen: j en k openen het volgende en vorige bericht, Enter gaat erin, Delete verwijdert het.
outbox-empty = Geen berichten. Schakel facturen per e-mail in, of voer een factureringscyclus uit op de pagina Facturen.
outbox-no-match = Geen bericht voldoet aan deze zoekopdracht.
outbox-count = { $total ->
    [one] 1 bericht
   *[other] { $total } berichten
}, { $unread } ongelezen
outbox-count-search = { $total ->
    [one] 1 bericht voldoet
   *[other] { $total } berichten voldoen
}; { $unread } ongelezen in Postvak UIT
outbox-pages = Pagina's met berichten
outbox-newer = Nieuwer
outbox-older = Ouder
outbox-range = { $first }–{ $last } van { $total }
outbox-message = Bericht
outbox-select = Kies een bericht om het te lezen.
outbox-message-gone = Dit bericht staat niet in het postvak UIT: het is verwijderd, of het postvak is leeggemaakt of de sandbox is opnieuw ingesteld.
outbox-unread = (ongelezen)
outbox-has-attachment = (met bijlage)
outbox-from = Van
outbox-to = Aan
outbox-date = Verzonden
outbox-cause = Verzonden door
outbox-open-action = open waar het gebeurde
outbox-mark-read = Markeren als gelezen
outbox-mark-unread = Markeren als ongelezen
outbox-delete = Verwijderen
outbox-download-eml = .eml downloaden
outbox-tab-html = HTML
outbox-tab-text = Tekst
outbox-tab-headers = Kopregels
outbox-tab-raw = Bron
outbox-no-html = Dit bericht heeft geen HTML-deel.
outbox-attachments = Bijlagen
outbox-attachment-about = ({ $type }, { $size } bytes)

outbox-relay = SMTP-relay

## Testpaneel (?dev=1 of Alt+Shift+D)
tester-title = Testpaneel
tester-shortcut = Alt+Shift+D opent en sluit dit paneel
tester-collapse = Testpaneel inklappen tot de titelbalk
tester-expand = Testpaneel uitklappen
tester-reset-done = De sandbox is teruggezet: alles is weer zoals het begon.
tester-drafts-discarded = Wijzigingen die op de pagina nog niet waren opgeslagen, zijn verwijderd.
tester-scenario-applied = Scenario toegepast: { $title }
scenario-unknown = Er is geen scenario '{ $name }'. Het testpaneel (Alt+Shift+D) toont ze.
tester-close = Testpaneel sluiten
tester-sandbox = Sandbox
tester-sandbox-id = Naam
tester-sandbox-expiry = Verlopen
tester-sandbox-expiry-value = Verwijderd na { $idle } zonder verzoeken · { $count } van maximaal { $max } sandboxes in gebruik
tester-duration-days = { $count ->
    [one] 1 dag
   *[other] { $count } dagen
}
tester-duration-hours = { $count ->
    [one] 1 uur
   *[other] { $count } uur
}
tester-duration-minutes = { $count ->
    [one] 1 minuut
   *[other] { $count } minuten
}
tester-join-link = Koppeling om deze sandbox te delen
tester-join-hint = Een collega die deze koppeling opent, werkt in dezelfde sandbox.
tester-sandbox-home = Uw eigen
tester-go-home = Terug ernaartoe
tester-go-home-label = Terug ernaartoe: uw eigen sandbox { $sandbox }
tester-copy = Koppeling kopiëren
tester-copied = Koppeling gekopieerd.
tester-reset = Sandbox opnieuw instellen
tester-reset-confirm = Deze sandbox opnieuw instellen? Dat meldt af en verwijdert de inschakelingen, geadresseerden, profielwijzigingen en het postvak UIT, voor iedereen die meedoet. Storingen en het logboek blijven.
tester-scenarios = Scenario's
tester-scenario = Scenario
tester-scenario-none = Kies een scenario…
tester-scenario-pick = Kies eerst een scenario.
tester-apply = Toepassen
tester-faults = Storingen
tester-faults-none = Geen storingen: elk verzoek krijgt een normaal antwoord.
tester-faults-clear = Alle storingen wissen
tester-remove = Verwijderen
tester-fault-latency-fixed = { $ms } ms vertraging
tester-fault-latency-range = { $min }–{ $max } ms vertraging
tester-fault-error = antwoordt { $status }
tester-fault-error-body = antwoordt { $status } met eigen inhoud
tester-fault-drop = verbreekt de verbinding
tester-fault-remaining = { $count ->
    [one] nog 1 verzoek
   *[other] nog { $count } verzoeken
}
tester-fault-until-cleared = tot gewist
tester-fault-hits = { $count ->
    [one] 1 keer geraakt
   *[other] { $count } keer geraakt
}
tester-fault-add = Storing toevoegen
tester-fault-method = Methode
tester-fault-any-method = Elke methode
tester-fault-path = Pad
tester-fault-kind = Storing
tester-fault-kind-error = Foutstatus
tester-fault-kind-latency = Vertraging
tester-fault-kind-drop = Verbroken verbinding
tester-fault-status = Status
tester-fault-body = Antwoordinhoud (optioneel)
tester-fault-body-hint = Verzonden in plaats van de eigen fout van de mock, als JSON wanneer het JSON is, anders als platte tekst. Hoogstens 16 KiB.
tester-fault-min = Minste vertraging (ms)
tester-fault-max = Meeste vertraging (ms)
tester-fault-count = Verzoeken
tester-fault-count-hint = Hoeveel passende verzoeken de storing raakt; laat leeg voor tot gewist. In het pad past * op alles.
tester-fault-whole-number = Voer een geheel getal in.
tester-fault-problem-method = { $method } is geen GET, POST, PUT of DELETE.
tester-fault-problem-path = Pad begint met /api/ en heeft hoogstens { $max } tekens.
tester-fault-problem-query = Een fout past alleen op het pad, zonder querystring: gebruik { $path }.
tester-fault-problem-character = Pad bevat { $char }, wat geen verzoekpad bevat: schrijf het procent-gecodeerd (een spatie is %20).
tester-fault-problem-admin = Beheerroutes kunnen geen fout krijgen: niets kan die fout dan wissen.
tester-fault-problem-latency = Minste vertraging mag niet groter zijn dan Meeste vertraging, die hoogstens { $max } ms is.
tester-fault-problem-status = Status is een foutstatus, 400 tot en met 599.
tester-fault-problem-body = De body is hoogstens 16 KiB.
tester-fault-problem-count = Verzoeken is een geheel getal van 1 tot { $max }; laat het leeg voor tot wissen.
tester-fault-submit = Storing toevoegen
tester-journal = Verzoekenlogboek
tester-journal-filter = Logboek filteren
tester-journal-status = Status (404, 4xx, 0 = verbroken of afgebroken)
tester-journal-har = HAR downloaden
tester-journal-clear = Logboek wissen
tester-journal-count = { $shown } van { $total } verzoeken, nieuwste eerst.
tester-journal-dropped = verbroken
tester-journal-abandoned = afgebroken
tester-journal-request = Verzoekinhoud
tester-journal-response = Antwoordinhoud
tester-journal-no-body = (geen inhoud)
tester-journal-faulted = Alleen verzoeken met een storing
tester-journal-fault-latency = storing #{ $id }: { $ms } ms vertraging
tester-journal-fault-error = storing #{ $id }: foutantwoord
tester-journal-fault-drop = storing #{ $id }: verbinding verbroken
tester-joined = U werkt nu in sandbox { $sandbox }: u ziet en wijzigt wat uw collega ziet.
tester-join-invalid = Sandbox “{ $sandbox }” kan niet worden gedeeld: een naam bestaat uit 1 tot 64 letters, cijfers, - of _. U werkt nog in sandbox { $current }.
tester-join-unknown = Er is geen sandbox “{ $sandbox }”: niemand heeft hem nog gebruikt, of hij is verlopen. U werkt nog in sandbox { $current }.
tester-back-home = U werkt weer in uw eigen sandbox { $sandbox }.
tester-home-gone = Uw eigen sandbox { $sandbox } was verlopen: u werkt nu in een nieuwe, { $current }.

## Why a call failed (the server's error codes, in words)
error-network = De mockserver is niet bereikbaar (de verbinding is mislukt of verbroken). Controleer of hij nog draait en probeer het opnieuw.
error-decode = Het antwoord van de server kan niet worden gelezen. ({ $detail })
error-not-signed-in = U bent afgemeld. Meld u opnieuw aan: kies een account op de aanmeldpagina.
error-not-found = Dit bestaat niet, of niet voor het aangemelde account. ({ $status })
error-not-account-administrator = Alleen de accountbeheerder van dit abonnement of ondersteuningsplan kan dit doen.
error-ineligible-scope = Facturen per e-mail zijn niet beschikbaar voor dit bereik.
error-stale-terms-version = De voorwaarden zijn gewijzigd terwijl u ze las. Lees de huidige versie en accepteer die opnieuw.
error-already-opted-in = Dit bereik ontvangt al facturen per e-mail.
error-not-opted-in = Schakel eerst facturen per e-mail in.
error-sandbox-limit = De mockserver heeft het maximale aantal sandboxes. Probeer het later opnieuw, of vraag de beheerder --max-sandboxes te verhogen.
error-sandbox-changed = Deze browser is naar een andere sandbox gegaan sinds deze pagina werd geladen (een koppeling naar een sandbox of Terug ernaartoe, in een ander tabblad). Hier is niets gedaan. Laad de pagina opnieuw om in die sandbox verder te gaan.
error-recipients-changed = Iemand heeft deze geadresseerden gewijzigd nadat u de lijst opende (in een ander tabblad of met een script), dus er is niets opgeslagen. Laad hun lijst met uw wijzigingen, of kies Annuleren om hun versie te houden.
error-profile-changed = Iemand heeft dit profiel gewijzigd nadat u het opende (in een ander tabblad of met een script), dus er is niets opgeslagen. Kies Annuleren om het te zien zoals het nu is en breng uw wijziging dan opnieuw aan.
error-recipients-changed-closed = Iemand heeft deze geadresseerden intussen gewijzigd (in een ander tabblad of met een script). Open Geadresseerden configureren om hun lijst te zien en uw wijziging daarop aan te brengen.
error-profile-changed-closed = Iemand heeft het profiel intussen gewijzigd (in een ander tabblad of met een script). Open Profiel bijwerken om het te zien en breng uw wijziging opnieuw aan.
error-malformed-request = De server kon dit verzoek niet aannemen ({ $status }): het is niet wat de API verwacht, dus er is niets gedaan. Het verzoekenlogboek in het testpaneel toont wat er is verzonden.
error-internal = De server heeft een fout gemaakt ({ $status }). Probeer het opnieuw.
error-refused = De server heeft het verzoek geweigerd ({ $status }).
error-too-many-requests = De server krijgt te veel verzoeken ({ $status }). Wacht even en probeer het dan opnieuw.
