package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/stripe/stripe-go/v85"
	"github.com/stripe/stripe-go/v85/webhook"
)

// Membership turns Stripe's webhooks into the premium role on Netlify
// Identity users. Every change is a function of the newest event seen for
// the subscription, so replays and out-of-order deliveries are harmless.
type Membership struct {
	Secret   string // STRIPE_WEBHOOK_SECRET
	Role     string // the role that opens the gate
	Identity Identity
	Log      io.Writer // event ids and outcomes only: no personal data, no secrets
}

// Identity is the Identity admin API of the site.
type Identity struct {
	URL    string // https://site/.netlify/identity
	Token  string // the short-lived admin token Netlify hands the function
	Client *http.Client
}

// Result is the HTTP answer to Stripe: 2xx acknowledges; anything else
// makes Stripe retry, which is what an outage of Identity needs.
type Result struct {
	Status int
	Msg    string
}

// errOutage marks a failure that a retry may fix.
var errOutage = errors.New("identity unavailable")

// Handle processes one delivery.
func (m *Membership) Handle(ctx context.Context, body []byte, signature string) Result {
	ev, err := webhook.ConstructEventWithOptions(body, signature, m.Secret, webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
	if err != nil {
		m.logf("rejected a delivery: %v", err)
		return Result{http.StatusBadRequest, "bad signature"}
	}
	var st state
	var user string
	switch ev.Type {
	case "checkout.session.completed":
		var cs stripe.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil {
			return Result{http.StatusBadRequest, "bad checkout session"}
		}
		if cs.ClientReferenceID == "" {
			m.logf("%s: checkout without a client reference, ignored", ev.ID)
			return Result{http.StatusOK, "ignored"}
		}
		user = cs.ClientReferenceID
		st = state{active: true, customer: idOf(cs.Customer), subscription: idOf(cs.Subscription)}
	case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted":
		var sub stripe.Subscription
		if err := json.Unmarshal(ev.Data.Raw, &sub); err != nil {
			return Result{http.StatusBadRequest, "bad subscription"}
		}
		st = state{customer: idOf(sub.Customer), subscription: sub.ID}
		st.active = ev.Type != "customer.subscription.deleted" && grants(sub.Status)
		user, err = m.userByCustomer(ctx, st.customer)
		if errors.Is(err, errOutage) {
			m.logf("%s: %v", ev.ID, err)
			return Result{http.StatusBadGateway, "identity unavailable, retry"}
		}
		if user == "" {
			m.logf("%s: no user for this customer, ignored", ev.ID)
			return Result{http.StatusOK, "unknown customer"}
		}
	default:
		return Result{http.StatusOK, "ignored"}
	}
	st.event, st.created = ev.ID, ev.Created
	outcome, err := m.apply(ctx, user, st)
	if errors.Is(err, errOutage) {
		m.logf("%s: %v", ev.ID, err)
		return Result{http.StatusBadGateway, "identity unavailable, retry"}
	}
	if err != nil {
		m.logf("%s: %v", ev.ID, err)
		return Result{http.StatusOK, err.Error()}
	}
	m.logf("%s: %s", ev.ID, outcome)
	return Result{http.StatusOK, outcome}
}

// grants reports whether a subscription in this status keeps the role:
// past_due keeps it while Stripe retries the payment; unpaid, canceled and
// incomplete_expired (the final failures) end it.
func grants(s stripe.SubscriptionStatus) bool {
	switch s {
	case stripe.SubscriptionStatusActive, stripe.SubscriptionStatusTrialing, stripe.SubscriptionStatusPastDue:
		return true
	}
	return false
}

func idOf[T interface {
	*stripe.Customer | *stripe.Subscription
}](v T) string {
	switch x := any(v).(type) {
	case *stripe.Customer:
		if x != nil {
			return x.ID
		}
	case *stripe.Subscription:
		if x != nil {
			return x.ID
		}
	}
	return ""
}

// state is what an event says about a user's membership.
type state struct {
	active                 bool
	customer, subscription string
	event                  string
	created                int64
}

// user is the part of an Identity user this function reads and writes.
type user struct {
	ID          string         `json:"id"`
	AppMetadata map[string]any `json:"app_metadata"`
}

const keepEvents = 20 // event ids remembered per user, for replays

// apply brings a user's role and Stripe fields in line with st, unless the
// user has already seen this event or a newer one.
func (m *Membership) apply(ctx context.Context, id string, st state) (string, error) {
	u, err := m.getUser(ctx, id)
	if err != nil {
		return "", err
	}
	meta := u.AppMetadata
	if meta == nil {
		meta = map[string]any{}
	}
	seen := stringList(meta["stripe_events"])
	if slices.Contains(seen, st.event) {
		return "replay, nothing to do", nil
	}
	if last, _ := meta["stripe_updated"].(float64); int64(last) > st.created {
		return "older than the state already applied, ignored", nil
	}
	roles := stringList(meta["roles"])
	had := slices.Contains(roles, m.Role)
	roles = slices.DeleteFunc(roles, func(r string) bool { return r == m.Role })
	if st.active {
		roles = append(roles, m.Role)
	}
	seen = append(seen, st.event)
	if len(seen) > keepEvents {
		seen = seen[len(seen)-keepEvents:]
	}
	update := map[string]any{
		"roles":          roles,
		"stripe_events":  seen,
		"stripe_updated": st.created,
	}
	if st.customer != "" {
		update["stripe_customer"] = st.customer
	}
	if st.subscription != "" {
		update["stripe_subscription"] = st.subscription
	}
	if err := m.putUser(ctx, id, update); err != nil {
		return "", err
	}
	switch {
	case st.active && !had:
		return "granted " + m.Role, nil
	case !st.active && had:
		return "revoked " + m.Role, nil
	}
	return "unchanged", nil
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

var errUnknownUser = errors.New("no such user, ignored")

func (m *Membership) getUser(ctx context.Context, id string) (*user, error) {
	var u user
	status, err := m.call(ctx, http.MethodGet, "/admin/users/"+url.PathEscape(id), nil, &u)
	if status == http.StatusNotFound {
		return nil, errUnknownUser
	}
	return &u, err
}

func (m *Membership) putUser(ctx context.Context, id string, appMetadata map[string]any) error {
	status, err := m.call(ctx, http.MethodPut, "/admin/users/"+url.PathEscape(id), map[string]any{"app_metadata": appMetadata}, nil)
	if status == http.StatusNotFound {
		return errUnknownUser
	}
	return err
}

// userByCustomer finds the user whose app_metadata names the Stripe customer.
func (m *Membership) userByCustomer(ctx context.Context, customer string) (string, error) {
	if customer == "" {
		return "", nil
	}
	for page := 1; page < 1000; page++ {
		var list struct {
			Users []user `json:"users"`
		}
		if _, err := m.call(ctx, http.MethodGet, "/admin/users?per_page=100&page="+strconv.Itoa(page), nil, &list); err != nil {
			return "", err
		}
		for _, u := range list.Users {
			if c, _ := u.AppMetadata["stripe_customer"].(string); c == customer {
				return u.ID, nil
			}
		}
		if len(list.Users) < 100 {
			return "", nil
		}
	}
	return "", nil
}

// call sends one admin request; 5xx answers and network failures are outages.
func (m *Membership) call(ctx context.Context, method, path string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(ctx, 8*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, m.Identity.URL+path, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+m.Identity.Token)
	req.Header.Set("Content-Type", "application/json")
	client := m.Identity.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", errOutage, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return resp.StatusCode, fmt.Errorf("%w: status %d", errOutage, resp.StatusCode)
	case resp.StatusCode == http.StatusNotFound:
		return resp.StatusCode, errUnknownUser
	case resp.StatusCode >= 300:
		return resp.StatusCode, fmt.Errorf("identity answered %d to %s", resp.StatusCode, method)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, fmt.Errorf("%w: bad answer: %v", errOutage, err)
		}
	}
	return resp.StatusCode, nil
}

func (m *Membership) logf(format string, args ...any) {
	if m.Log != nil {
		fmt.Fprintf(m.Log, format+"\n", args...)
	}
}
