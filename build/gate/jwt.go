package gate

import (
	"errors"
	"net/http"
	"os"
	"slices"

	"github.com/golang-jwt/jwt/v5"
)

// CookieName is the cookie Netlify Identity sets and Netlify's role rules read.
const CookieName = "nf_jwt"

// DevSecretEnv names the environment variable holding the dev server's
// JWT secret. The default below is for local development only: Netlify
// verifies production tokens itself.
const DevSecretEnv = "SITEGEN_DEV_JWT_SECRET"

const defaultDevSecret = "sitegen-local-development-secret"

// DevSecret returns the secret the local gate verifies tokens with.
func DevSecret() []byte {
	if s := os.Getenv(DevSecretEnv); s != "" {
		return []byte(s)
	}
	return []byte(defaultDevSecret)
}

// Roles reads the roles of a request's nf_jwt cookie, verified as HS256
// with secret and an expiry required. Any problem means no roles: the gate
// fails closed.
func Roles(r *http.Request, secret []byte) []string {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return nil
	}
	roles, err := TokenRoles(c.Value, secret)
	if err != nil {
		return nil
	}
	return roles
}

// TokenRoles verifies a token and returns app_metadata.roles.
func TokenRoles(token string, secret []byte) ([]string, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		return nil, err
	}
	meta, ok := claims["app_metadata"].(map[string]any)
	if !ok {
		return nil, errors.New("token has no app_metadata")
	}
	list, _ := meta["roles"].([]any)
	var roles []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			roles = append(roles, s)
		}
	}
	return roles, nil
}

// SignDev makes a token like Netlify Identity's, for tests and the dev
// server's --as flag: HS256, roles in app_metadata, expiring at exp (Unix).
func SignDev(secret []byte, sub string, roles []string, exp int64) (string, error) {
	rs := make([]any, len(roles))
	for i, r := range roles {
		rs[i] = r
	}
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": sub, "exp": exp, "app_metadata": map[string]any{"roles": rs},
	})
	return t.SignedString(secret)
}

// HasRole reports whether roles holds role.
func HasRole(roles []string, role string) bool { return slices.Contains(roles, role) }
