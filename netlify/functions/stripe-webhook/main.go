// Command stripe-webhook is the Netlify Function that grants and revokes
// the premium role: Stripe calls it on checkouts and subscription changes;
// it verifies the signature with stripe-go and updates the user through
// the Identity admin API with the token Netlify gives the function.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

func main() {
	lambda.Start(handle)
}

// handle adapts Netlify's function event to Membership.Handle.
func handle(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	if req.HTTPMethod != http.MethodPost {
		return events.APIGatewayProxyResponse{StatusCode: http.StatusMethodNotAllowed, Body: "POST only"}, nil
	}
	body := []byte(req.Body)
	if req.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(req.Body)
		if err != nil {
			return events.APIGatewayProxyResponse{StatusCode: http.StatusBadRequest}, nil
		}
		body = b
	}
	sig := req.Headers["stripe-signature"]
	if sig == "" {
		sig = req.Headers["Stripe-Signature"]
	}
	m := &Membership{
		Secret:   os.Getenv("STRIPE_WEBHOOK_SECRET"),
		Role:     envOr("PREMIUM_ROLE", "premium"),
		Identity: identityFrom(ctx),
		Log:      os.Stderr,
	}
	if m.Secret == "" || m.Identity.URL == "" {
		m.logf("not configured: STRIPE_WEBHOOK_SECRET and Netlify Identity are required")
		return events.APIGatewayProxyResponse{StatusCode: http.StatusServiceUnavailable}, nil
	}
	r := m.Handle(ctx, body, sig)
	return events.APIGatewayProxyResponse{StatusCode: r.Status, Body: r.Msg}, nil
}

// identityFrom reads the Identity URL and admin token from the client
// context Netlify passes (base64 JSON under custom.netlify).
func identityFrom(ctx context.Context) Identity {
	lc, ok := lambdacontext.FromContext(ctx)
	if !ok {
		return Identity{}
	}
	raw := lc.ClientContext.Custom["netlify"]
	b, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		return Identity{}
	}
	var c struct {
		Identity struct {
			URL   string `json:"url"`
			Token string `json:"token"`
		} `json:"identity"`
	}
	if json.Unmarshal(b, &c) != nil {
		return Identity{}
	}
	return Identity{URL: c.Identity.URL, Token: c.Identity.Token}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
