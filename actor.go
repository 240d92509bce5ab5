package kampungkb

import "context"

// Actor is who is acting in a request or command. Every write records the
// actor; the login and permission issue fills in the role and scopes, the
// request context carries it from the start.
type Actor struct {
	ID       int64  `json:"id,omitempty"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	// ViewRegion and CaptureRegion are the user's region scopes ("" = all).
	ViewRegion    string `json:"view_region,omitempty"`
	CaptureRegion string `json:"capture_region,omitempty"`
}

// SystemActor is used by commands (import, demo) run from the shell.
var SystemActor = Actor{Username: "sistem", Name: "Sistem", Role: "admin"}

// LocalActor is the actor of the single-user local server used before
// accounts exist: the server then binds to 127.0.0.1 only.
var LocalActor = Actor{Username: "lokal", Name: "Pengguna lokal", Role: "admin"}

type actorKey struct{}

// WithActor returns a context carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx and whether there is one.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// ActorName returns the username of the actor in ctx, or "sistem".
func ActorName(ctx context.Context) string {
	if a, ok := ActorFrom(ctx); ok && a.Username != "" {
		return a.Username
	}
	return SystemActor.Username
}
