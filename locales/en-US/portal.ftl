# Messages of the walkthrough app, en-US. The invoice emails will use this file too.
# The nine step labels are the article's own words; everything else is ours.

app-name = Portal walkthrough
skip-to-content = Skip to content
loading = Loading…
retry = Retry
close = Close
cancel = Cancel
back = Back
save = Save
saving = Saving…
refresh = Refresh
dismiss = Dismiss
breadcrumb = Breadcrumb

## The nine steps of the article

step-1-label = Sign in
step-2-label = Cost Management + Billing
step-3-label = Invoices
step-4-label = Receive invoice by email
step-5-label = Email invoice
step-6-label = Update profile
step-7-label = Configure recipients
step-8-label = Add recipient
step-9-label = Done

## Guided mode

guide-title = Guided walkthrough
guide-collapse = Hide steps
guide-expand = Show steps
guide-turn-off = Turn off
guide-progress = Step { $step } of { $total }
guide-all-done = All nine steps are done. Invoices of this scope now go by email to the preferred email and your recipients.
guide-off-path = This page is none of the nine steps. Go to Invoices, under Cost Management + Billing, to carry on.
guide-blocked-admin = Only the Account Administrator can opt in. To carry on, sign out from the account menu and sign in as Noor Jansen.
guide-blocked-scope = This scope cannot get invoices by email (the pane says why). To carry on, close the pane and pick a subscription or support plan.
guide-blocked-every-scope = None of your scopes can get invoices by email (the pane says why). To carry on, sign out from the account menu and sign in as Noor Jansen.
guide-state-done = (done)
guide-state-current = (current step)
guide-step-1 = Pick an account. Noor Jansen is an Account Administrator, who may opt in.
guide-step-2 = Type "billing" in the search box at the top (press / to get there) and choose the service.
guide-step-3 = In the menu on the left, choose Invoices.
guide-step-4 = Pick a subscription or support plan above the grid, then the command above it.
guide-step-5 = Choose the button, read the terms, tick the box and opt in.
guide-step-6 = Check where invoices go, and change the preferred email if you like.
guide-step-7 = Open the editor for additional recipients.
guide-step-8 = Type an address and add it. Add as many as you need.
guide-step-9 = Save the list with the button at the bottom of the pane.

## Settings

settings = Settings
settings-language = Language
settings-theme = Theme
settings-theme-light = Light
settings-theme-dark = Dark
settings-guide = Guided mode

## Sign-in and account

sign-in-intro = Choose the account to sign in with. Each is a persona of this mock with its own role; no password is needed.
sign-in-accounts = Accounts
sign-out = Sign out
role-account-administrator = Account Administrator
role-co-administrator = Co-administrator
role-billing-reader = Billing reader

## Home and search

home-title = Home
home-welcome = Welcome, { $name }.
home-search-hint = Use the search box at the top to find a service: type "billing" or "cost".
home-services = Services
search-label = Search resources and services
search-placeholder = Search resources and services (press /)
search-results = Search results
search-no-results = No results. Try "billing" or "cost".
search-group-services = Services
search-group-resources = Resources
search-service-detail = Service
service-billing = Cost Management + Billing

## Cost Management + Billing

menu-search-label = Search the menu
menu-search-placeholder = Search
menu-no-results = No menu items match.
menu-overview = Overview
menu-group-billing = Billing
menu-invoices = Invoices
menu-group-support = Support
menu-about = About this walkthrough
overview-intro = Your billing scopes and whether their invoices are sent by email.
overview-scopes = Billing scopes
overview-scroll-hint = Billing scopes (scrolls sideways on a narrow screen)
overview-no-scopes = This account has no billing scopes.
column-scope = Scope
column-kind = Type
column-email-invoice = Invoices by email
kind-subscription = Subscription
kind-support-plan = Support plan
kind-reservation = Reservation
kind-marketplace = Marketplace purchase
email-invoice-on = On
email-invoice-off = Off
email-invoice-not-available = Not available

about-intro = This is a mock of the portal pages for receiving Azure invoices by email, for practising and testing the flow. Nothing here touches a real subscription, and no email leaves this machine.
about-rules = The rules
about-rule-admin = Only the Account Administrator of a subscription or support plan can opt in to invoices by email.
about-rule-scopes = Reservations, Azure Marketplace purchases and Azure Government subscriptions cannot be opted in.
about-rule-recipients = Recipients can be configured only after opting in; opting out removes them.
about-rule-delivery = The invoice goes to the preferred communication email of the profile and to every additional recipient.
about-personas = The accounts

## Invoices

scope-picker-label = Subscription or scope
scope-picker-choose = Choose a subscription or scope
scope-id = ID
scope-unknown = There is no billing scope "{ $scope }" for this account. Pick one from the list.
scope-unknown-pane = This account has no such billing scope. Close the pane and pick one from the list.
invoices-caption = Invoices of { $scope }
invoices-empty = There are no invoices for this scope yet.
column-invoice-id = Invoice ID
column-billing-period = Billing period
column-invoice-date = Invoice date
column-due-date = Due date
column-amount = Amount
column-status = Status
column-download = Download
invoice-download = PDF
invoice-download-failed = Invoice { $id } could not be downloaded. { $error }
invoice-download-label = Download invoice { $id } as a PDF
invoices-scroll-hint = Invoices of { $scope } (scrolls sideways on a narrow screen)
invoice-status-paid = Paid
invoice-status-due = Due
invoice-status-past-due = Past due

## Receive invoice by email

email-invoice-explain = Get every invoice of this scope as a PDF attached to an email, instead of only on this page. Opting in sends a confirmation to the preferred email; each invoice then goes to the preferred email and every additional recipient.
email-invoice-opted-in = Invoices are sent by email. Terms version { $version } accepted by { $name } on { $date }.
reason-not-account-administrator = Only the Account Administrator of this scope can opt in to invoices by email. Ask them to do it.
reason-not-account-administrator-opted-in = Only the Account Administrator of this scope can change the preferred email, the recipients or opt out. Ask them to do it.
reason-reservation = Reservations are not eligible for invoices by email: they are billed through their subscription.
reason-marketplace = Azure Marketplace purchases are not eligible for invoices by email: their publisher invoices them.
reason-government = Azure Government subscriptions do not support invoices by email.
preferred-email = Preferred communication email
preferred-email-explain = The invoice always goes to this address, from your profile.
preferred-email-explain-other = The invoice always goes to this address, from the profile of the scope's Account Administrator (not yours).
recipients-heading = Additional recipients
recipients-count = { $count } of { $max } { $max ->
    [one] recipient
   *[other] recipients
}
recipients-who-gets-what = Each invoice goes to the preferred email and to every additional recipient.
recipients-opt-in-first = Opt in to invoices by email first; then you can configure recipients.
recipients-not-available = Additional recipients exist only where invoices by email are available (see above).
recipients-admin-only = Once the Account Administrator opts in, they can configure additional recipients here; you cannot.
opt-out = Opt out
opt-out-explain = Opting out stops the invoice emails for this scope. { $count ->
    [0] Invoices stay available on this page.
    [one] The additional recipient is removed as well; opting in again starts with none.
   *[other] The { $count } additional recipients are removed as well; opting in again starts with none.
}
opt-out-confirm = Stop sending invoices by email? { $count ->
    [0] Invoices stay available on this page.
    [one] The additional recipient is removed.
   *[other] The { $count } additional recipients are removed.
}
opted-out-toast = Invoices are no longer sent by email. { $count ->
    [0] {""}
    [one] The additional recipient was removed.
   *[other] The { $count } additional recipients were removed.
}

opted-out-elsewhere-toast = This scope was already opted out (in another tab, or by someone else): invoices are no longer sent by email.

## Terms

terms-version = Version { $version }
terms-agree = I have read and accept these terms
terms-must-agree = Tick the box to accept the terms first.
terms-already-opted-in = This scope already receives invoices by email: the terms were accepted. Go back to see who receives them.
opt-in = Accept and opt in
opting-in = Opting in…
opted-in-toast = Opted in: invoices will be sent by email to { $email }.

## Profile

profile-explain = Invoices go to this address. It is the preferred communication email of your profile.
profile-email-language = Language of the invoice emails
profile-email-language-hint = Every invoice email is written in this language (the confirmation of opting in is in the language the terms were read in).
profile-saved-toast = Saved: invoices now go to { $email }.
profile-saved-toast-recipient-removed = Saved: invoices now go to { $email }, which is no longer an additional recipient of { $scopes } (it gets every invoice as the preferred email).
# Names in a sentence: "A, B and C" (the last two joined by this).
list-and = { $first } and { $last }

## Recipients

recipients-explain = The invoice goes to { $email } and to the addresses below. You can add up to { $max }.
recipient-input-label = Email address
recipients-none = No additional recipients yet.
recipients-earlier-save = Your last change to these recipients is still being saved. The list opens here once it is saved.
recipients-rebase = Load their list with my changes
recipients-rebased = The list was loaded again with the changes saved meanwhile, and yours were made on it. Check it, then choose Done to save.
recipients-rebased-full = The list was loaded again with the changes saved meanwhile, and yours were made on it: it now holds { $count } of { $max }. Remove { $over } before you choose Done.
recipients-unsaved = Not saved yet: Done saves the list, Cancel discards the changes.
recipients-unsaved-typed = Not saved yet: Done adds { $email } and saves the list, Cancel discards the changes.
save-failed-closed = { $what }: nothing was saved. { $error }
# A save that ended after a switch to another scope (or page) names its scope.
toast-about-scope = { $scope }: { $message }
recipients-discarded-toast = The changes to the recipients were discarded; the saved list is unchanged.
recipient-remove = Remove { $email }
# Said to screen readers when the list changes (not shown).
recipient-added = { $email } added: { $count } of { $max }.
recipient-removed = { $email } removed: { $count } of { $max }.
recipient-duplicate = { $email } is already in the list.
recipient-is-preferred = { $email } is the preferred communication email: it receives every invoice already.
recipient-placeholder = name@domain.example
recipients-not-saved = Nothing was saved: correct the address, or clear the field, then choose Done again.
recipients-not-saved-full = Nothing was saved: remove an address to make room, or clear the field, then choose Done again.
recipients-not-saved-over = Nothing was saved: remove addresses until the list holds at most { $max }, then choose Done again.
recipient-limit = The list is full: a scope can have at most { $max } recipients.
recipients-saved-toast = { $count ->
    [0] Saved: no additional recipients.
    [one] Saved: 1 additional recipient.
   *[other] Saved: { $count } additional recipients.
}

## Address errors (shared::EmailError codes)

email-error-empty = Enter an email address.
email-error-too-long = An email address can be at most { $max } characters long.
email-error-local-part-too-long = The part before the @ can be at most { $max_local } characters long.
email-error-control-character = An email address cannot contain line breaks, tabs or other control characters.
email-error-whitespace = An email address cannot contain spaces.
email-error-display-name = Enter only the address, without a name or angle brackets.
email-error-missing-at = An email address needs an @ and a domain, as in name@domain.example.
email-error-multiple-at = An email address can contain only one @.
email-error-empty-local-part = Enter the part before the @.
email-error-missing-domain = Enter the domain after the @, as in name@domain.example.
email-error-domain-without-dot = The domain needs a dot, as in domain.example.
email-error-dot-at-edge = A dot cannot start or end the name or the domain.
email-error-consecutive-dots = An email address cannot contain two dots in a row.
email-error-invalid-character = The character "{ $char }" is not allowed before the @.
email-error-invalid-domain = "{ $domain }" is not a valid domain.

## Not found

not-found-title = Page not found
not-found-text = There is no page at this address.
not-found-link = Go to the start

## Invoice emails and the PDF invoice (server side)

email-invoice-subject = Invoice { $number } for { $period }
email-invoice-greeting = Hello,
email-invoice-intro = The invoice for { $scope } for the billing period { $period } is attached as a PDF.
email-invoice-amount = Amount due: { $amount }, due on { $due }.
email-invoice-sent-to = This invoice was sent to the preferred communication email { $preferred }{ $others ->
    [none] .
   *[other] {" "}and to { $others }.
}
email-footer = This message was generated by the email-invoice mock. It is not a real invoice and no payment is due.
email-confirmation-subject = Invoices for { $scope } will be sent by email
email-confirmation-body = From the next billing cycle, the invoices for { $scope } are sent by email to { $email } and to any additional recipients you configure.
email-confirmation-terms = Version { $version } of the terms was accepted by { $name } on { $date }.
pdf-title = Invoice
pdf-issuer = Mock Cloud Billing (sample)
pdf-invoice-number = Invoice number
pdf-billing-period = Billing period
pdf-invoice-date = Invoice date
pdf-due-date = Due date
pdf-bill-to = Billed to
pdf-description = Description
pdf-amount = Amount
pdf-line-usage = Usage charges
pdf-line-support = Support and services
pdf-line-tax = VAT (21%)
pdf-total = Total
pdf-footer = Sample invoice generated by the email-invoice mock. Not a real invoice.

## Outbox and billing cycle

billing-cycle-run = Run billing cycle
billing-cycle-failed = The billing cycle did not run. { $error }
billing-cycle-done = Billing cycle done: { $invoices } invoices issued, { $emails ->
    [0] no emails sent (no scope is opted in).
    [one] 1 email sent. See the outbox.
   *[other] { $emails } emails sent. See the outbox.
}
outbox-title = Outbox
outbox-intro = The emails this mock "sent": the confirmation of each opt-in, and each invoice of an opted-in scope after a billing cycle. Nothing leaves this machine.
outbox-clear = Clear all
outbox-clear-confirm = Delete every message in this outbox?
outbox-search-label = Search messages
outbox-search-help = Words search the whole message; from:, to: and subject: search one part (subject:"two words"), has:attachment and is:read or is:unread filter. The operators are the same in every language.
# Refusals of an outbox search (the server says them in the request's language).
search-too-many-terms = A search can have at most { $max } terms.
search-term-too-long = A search term can be at most { $max } characters long.
search-unknown-has = '{ $term }' is not a search; use has:attachment.
search-unknown-is = '{ $term }' is not a search; use is:read or is:unread.
search-read-and-unread = is:read and is:unread together match nothing; use one of them.
search-needs-value = '{ $term }' needs a value after the colon, as in { $operator }finance.
outbox-keys = Keys: j and k open the next and previous message, Enter moves into it, Delete deletes it.
outbox-empty = No messages. Opt in, or run a billing cycle on the Invoices page.
outbox-no-match = No message matches this search.
outbox-count = { $total ->
    [one] 1 message
   *[other] { $total } messages
}, { $unread } unread
outbox-count-search = { $total ->
    [one] 1 message matches
   *[other] { $total } messages match
}; { $unread } unread in the outbox
outbox-pages = Pages of messages
outbox-newer = Newer
outbox-older = Older
outbox-range = { $first }–{ $last } of { $total }
outbox-message = Message
outbox-select = Choose a message to read it.
outbox-message-gone = This message is not in the outbox: it was deleted, or the outbox was cleared or the sandbox reset.
outbox-unread = (unread)
outbox-has-attachment = (has an attachment)
outbox-from = From
outbox-to = To
outbox-date = Sent
outbox-cause = Sent by
outbox-open-action = open where it happened
outbox-mark-read = Mark as read
outbox-mark-unread = Mark as unread
outbox-delete = Delete
outbox-download-eml = Download .eml
outbox-tab-html = HTML
outbox-tab-text = Text
outbox-tab-headers = Headers
outbox-tab-raw = Raw
outbox-no-html = This message has no HTML part.
outbox-attachments = Attachments
outbox-attachment-about = ({ $type }, { $size } bytes)

outbox-relay = SMTP relay

## Tester panel (?dev=1 or Alt+Shift+D)
tester-title = Tester panel
tester-shortcut = Alt+Shift+D opens and closes this panel
tester-collapse = Fold the tester panel to its title bar
tester-expand = Unfold the tester panel
tester-reset-done = The sandbox was reset: everything is as it was seeded.
tester-drafts-discarded = Changes not saved on the page were discarded.
tester-scenario-applied = Scenario applied: { $title }
scenario-unknown = There is no scenario '{ $name }'. The tester panel (Alt+Shift+D) lists them.
tester-close = Close the tester panel
tester-sandbox = Sandbox
tester-sandbox-id = Name
tester-sandbox-expiry = Expiry
tester-sandbox-expiry-value = Deleted after { $idle } without requests · { $count } of at most { $max } sandboxes in use
tester-duration-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
tester-duration-hours = { $count ->
    [one] 1 hour
   *[other] { $count } hours
}
tester-duration-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}
tester-join-link = Link to join this sandbox
tester-join-hint = A colleague who opens this link works in the same sandbox.
tester-sandbox-home = Your own
tester-go-home = Back to it
tester-go-home-label = Back to it: your own sandbox { $sandbox }
tester-copy = Copy link
tester-copied = Link copied.
tester-reset = Reset sandbox
tester-reset-confirm = Reset this sandbox? It signs out and deletes the opt-ins, recipients, profile changes and the outbox, for everyone who joined it. Faults and the journal stay.
tester-scenarios = Scenarios
tester-scenario = Scenario
tester-scenario-none = Choose a scenario…
tester-scenario-pick = Choose a scenario first.
tester-apply = Apply
tester-faults = Faults
tester-faults-none = No faults: every request is answered normally.
tester-faults-clear = Clear all faults
tester-remove = Remove
tester-fault-latency-fixed = { $ms } ms delay
tester-fault-latency-range = { $min }–{ $max } ms delay
tester-fault-error = answers { $status }
tester-fault-error-body = answers { $status } with its own body
tester-fault-drop = drops the connection
tester-fault-remaining = { $count ->
    [one] for 1 more request
   *[other] for { $count } more requests
}
tester-fault-until-cleared = until cleared
tester-fault-hits = { $count ->
    [one] hit once
   *[other] hit { $count } times
}
tester-fault-add = Add a fault
tester-fault-method = Method
tester-fault-any-method = Any method
tester-fault-path = Path
tester-fault-kind = Fault
tester-fault-kind-error = Error status
tester-fault-kind-latency = Latency
tester-fault-kind-drop = Dropped connection
tester-fault-status = Status
tester-fault-body = Answer body (optional)
tester-fault-body-hint = Sent instead of the mock's own error, as JSON when it is JSON, else as plain text. Up to 16 KiB.
tester-fault-min = Least delay (ms)
tester-fault-max = Most delay (ms)
tester-fault-count = Requests
tester-fault-count-hint = How many matching requests it affects; leave empty for until cleared. In the path, * matches anything.
tester-fault-whole-number = Enter a whole number.
tester-fault-problem-method = { $method } is not GET, POST, PUT or DELETE.
tester-fault-problem-path = Path starts with /api/ and has at most { $max } characters.
tester-fault-problem-query = A fault matches the path only, without a query string: use { $path }.
tester-fault-problem-character = Path holds { $char }, which no request path does: write it percent-encoded (a space is %20).
tester-fault-problem-admin = Admin routes cannot be faulted: nothing could clear the fault then.
tester-fault-problem-latency = Least delay may not exceed Most delay, which is at most { $max } ms.
tester-fault-problem-status = Status is an error status, 400 to 599.
tester-fault-problem-body = The body is at most 16 KiB.
tester-fault-problem-count = Requests is a whole number from 1 to { $max }; leave it empty for until cleared.
tester-fault-submit = Add fault
tester-journal = Request journal
tester-journal-filter = Filter the journal
tester-journal-status = Status (404, 4xx, 0 = dropped or abandoned)
tester-journal-har = Download HAR
tester-journal-clear = Clear journal
tester-journal-count = Showing { $shown } of { $total } requests, newest first.
tester-journal-dropped = dropped
tester-journal-abandoned = abandoned
tester-journal-request = Request body
tester-journal-response = Response body
tester-journal-no-body = (no body)
tester-journal-faulted = Only requests a fault met
tester-journal-fault-latency = fault #{ $id }: { $ms } ms delay
tester-journal-fault-error = fault #{ $id }: error answer
tester-journal-fault-drop = fault #{ $id }: connection dropped
tester-joined = You joined sandbox { $sandbox }: you see and change what your colleague sees.
tester-join-invalid = Sandbox “{ $sandbox }” cannot be joined: a name is 1 to 64 letters, digits, - or _. You are still in sandbox { $current }.
tester-join-unknown = There is no sandbox “{ $sandbox }”: nobody has used it yet, or it expired. You are still in sandbox { $current }.
tester-back-home = You are back in your own sandbox { $sandbox }.
tester-home-gone = Your own sandbox { $sandbox } had expired: you are in a new one, { $current }.

## Why a call failed (the server's error codes, in words)
error-network = The mock server cannot be reached (the connection failed or was dropped). Check that it is still running, then try again.
error-decode = The server's answer could not be read. ({ $detail })
error-not-signed-in = You are signed out. Sign in again: pick an account on the sign-in page.
error-not-found = This does not exist, or not for the signed-in account. ({ $status })
error-not-account-administrator = Only the Account Administrator of this subscription or support plan can do this.
error-ineligible-scope = Invoices by email are not available for this scope.
error-stale-terms-version = The terms changed while you read them. Read the current version and accept it again.
error-already-opted-in = This scope already receives invoices by email.
error-not-opted-in = Opt in to invoices by email first.
error-sandbox-limit = The mock server holds as many sandboxes as it may. Try again later, or ask whoever runs it to raise --max-sandboxes.
error-sandbox-changed = This browser has moved to another sandbox since this page was loaded (a join link or Back to it, in another tab). Nothing was done here. Reload the page to go on in that sandbox.
error-recipients-changed = Someone changed these recipients after you opened the list (in another tab, or a script), so nothing was saved. Load their list with your changes, or choose Cancel to keep theirs.
error-profile-changed = Someone changed this profile after you opened it (in another tab, or a script), so nothing was saved. Choose Cancel to see it as it is now, then make your change again.
error-recipients-changed-closed = Someone changed these recipients meanwhile (in another tab, or a script). Open Configure recipients to see their list and make your change on it.
error-profile-changed-closed = Someone changed the profile meanwhile (in another tab, or a script). Open Update profile to see it and make your change again.
error-malformed-request = The server could not take this request ({ $status }): it is not what the API expects, so nothing was done. The tester panel's request journal shows what was sent.
error-internal = The server failed ({ $status }). Try again.
error-refused = The server refused the request ({ $status }).
error-too-many-requests = The server is answering too many requests ({ $status }). Wait a moment, then try again.
