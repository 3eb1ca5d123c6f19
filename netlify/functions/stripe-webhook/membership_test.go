package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v85/webhook"
)

const secret = "whsec_test_secret"

// fakeIdentity plays the Identity admin API: users by id, merging
// app_metadata on PUT as GoTrue does, and an outage switch.
type fakeIdentity struct {
	mu    sync.Mutex
	users map[string]map[string]any
	down  bool
	calls int
}

func (f *fakeIdentity) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.down {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	if r.Header.Get("Authorization") != "Bearer admin-token" {
		http.Error(w, "no", http.StatusUnauthorized)
		return
	}
	if r.URL.Path == "/admin/users" {
		var list []map[string]any
		for id, meta := range f.users {
			list = append(list, map[string]any{"id": id, "app_metadata": meta})
		}
		json.NewEncoder(w).Encode(map[string]any{"users": list})
		return
	}
	id := strings.TrimPrefix(r.URL.Path, "/admin/users/")
	meta, ok := f.users[id]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method == http.MethodPut {
		var in struct {
			AppMetadata map[string]any `json:"app_metadata"`
		}
		json.NewDecoder(r.Body).Decode(&in)
		for k, v := range in.AppMetadata {
			meta[k] = v
		}
	}
	json.NewEncoder(w).Encode(map[string]any{"id": id, "app_metadata": meta})
}

func (f *fakeIdentity) roles(id string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, _ := json.Marshal(f.users[id]["roles"])
	var out []string
	json.Unmarshal(b, &out)
	return out
}

func setup(t *testing.T) (*Membership, *fakeIdentity, *strings.Builder) {
	f := &fakeIdentity{users: map[string]map[string]any{"user-1": {"roles": []any{"editor"}}}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	log := &strings.Builder{}
	return &Membership{Secret: secret, Role: "premium", Identity: Identity{URL: srv.URL, Token: "admin-token"}, Log: log}, f, log
}

// deliver signs an event as Stripe would and hands it to the function.
func deliver(m *Membership, id, typ string, created int64, object string) Result {
	payload := fmt.Sprintf(`{"id":%q,"object":"event","type":%q,"created":%d,"api_version":"2025-01-27.acacia","data":{"object":%s}}`, id, typ, created, object)
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(payload), Secret: secret})
	return m.Handle(context.Background(), signed.Payload, signed.Header)
}

const checkout = `{"id":"cs_1","object":"checkout.session","client_reference_id":"user-1","customer":"cus_1","subscription":"sub_1"}`

func subscription(status string) string {
	return fmt.Sprintf(`{"id":"sub_1","object":"subscription","customer":"cus_1","status":%q}`, status)
}

func TestGrantAndRevoke(t *testing.T) {
	m, f, _ := setup(t)
	if r := deliver(m, "evt_1", "checkout.session.completed", 100, checkout); r.Status != 200 || r.Msg != "granted premium" {
		t.Fatalf("checkout: %+v", r)
	}
	if got := f.roles("user-1"); !slices.Equal(got, []string{"editor", "premium"}) {
		t.Errorf("roles after checkout = %v", got)
	}
	if r := deliver(m, "evt_2", "customer.subscription.updated", 200, subscription("past_due")); r.Msg != "unchanged" {
		t.Errorf("past_due keeps the role while Stripe retries: %+v", r)
	}
	if r := deliver(m, "evt_3", "customer.subscription.updated", 300, subscription("unpaid")); r.Msg != "revoked premium" {
		t.Errorf("a final payment failure: %+v", r)
	}
	if got := f.roles("user-1"); !slices.Equal(got, []string{"editor"}) {
		t.Errorf("roles after revoke = %v, want the other roles kept", got)
	}
	deliver(m, "evt_4", "customer.subscription.updated", 400, subscription("active"))
	if r := deliver(m, "evt_5", "customer.subscription.deleted", 500, subscription("canceled")); r.Msg != "revoked premium" {
		t.Errorf("deleted subscription: %+v", r)
	}
}

func TestReplayAndOutOfOrder(t *testing.T) {
	m, f, _ := setup(t)
	deliver(m, "evt_1", "checkout.session.completed", 100, checkout)
	deliver(m, "evt_3", "customer.subscription.deleted", 300, subscription("canceled"))
	// A late, older "active" update must not give the role back.
	if r := deliver(m, "evt_2", "customer.subscription.updated", 200, subscription("active")); r.Status != 200 || !strings.Contains(r.Msg, "older") {
		t.Errorf("out of order: %+v", r)
	}
	// Replaying the checkout changes nothing.
	if r := deliver(m, "evt_1", "checkout.session.completed", 100, checkout); r.Msg != "replay, nothing to do" {
		t.Errorf("replay: %+v", r)
	}
	if got := f.roles("user-1"); slices.Contains(got, "premium") {
		t.Errorf("roles = %v after a cancel, an old update and a replay", got)
	}
}

func TestBadSignature(t *testing.T) {
	m, f, _ := setup(t)
	payload := []byte(`{"id":"evt_1","type":"checkout.session.completed","data":{"object":` + checkout + `}}`)
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: "whsec_someone_else"})
	if r := m.Handle(context.Background(), signed.Payload, signed.Header); r.Status != http.StatusBadRequest {
		t.Errorf("forged delivery: %+v", r)
	}
	if r := m.Handle(context.Background(), payload, ""); r.Status != http.StatusBadRequest {
		t.Errorf("unsigned delivery: %+v", r)
	}
	if f.calls != 0 {
		t.Errorf("Identity was called %d times for a bad signature", f.calls)
	}
}

func TestUnknownUser(t *testing.T) {
	m, _, _ := setup(t)
	other := strings.Replace(checkout, "user-1", "user-404", 1)
	if r := deliver(m, "evt_1", "checkout.session.completed", 100, other); r.Status != 200 || !strings.Contains(r.Msg, "no such user") {
		t.Errorf("unknown user: %+v (want an acknowledgement, so Stripe stops retrying)", r)
	}
	stranger := strings.Replace(subscription("active"), "cus_1", "cus_404", 1)
	if r := deliver(m, "evt_2", "customer.subscription.updated", 100, stranger); r.Status != 200 {
		t.Errorf("unknown customer: %+v", r)
	}
}

func TestOutageIsRetryable(t *testing.T) {
	m, f, _ := setup(t)
	f.down = true
	if r := deliver(m, "evt_1", "checkout.session.completed", 100, checkout); r.Status < 500 {
		t.Errorf("Identity down: %+v, want a 5xx so Stripe retries", r)
	}
	f.down = false
	if r := deliver(m, "evt_1", "checkout.session.completed", 100, checkout); r.Msg != "granted premium" {
		t.Errorf("the retry after the outage: %+v", r)
	}
}

func TestLogsNoPersonalData(t *testing.T) {
	m, _, log := setup(t)
	withEmail := strings.Replace(checkout, `"customer":"cus_1"`, `"customer":"cus_1","customer_email":"ada@example.com"`, 1)
	deliver(m, "evt_1", "checkout.session.completed", 100, withEmail)
	if strings.Contains(log.String(), "ada@example.com") || strings.Contains(log.String(), secret) || strings.Contains(log.String(), "admin-token") {
		t.Errorf("log holds personal data or secrets:\n%s", log)
	}
	if !strings.Contains(log.String(), "evt_1") {
		t.Errorf("log does not name the event:\n%s", log)
	}
}
