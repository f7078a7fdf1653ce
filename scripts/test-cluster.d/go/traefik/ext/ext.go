// Package ext holds the types Traefik's dynamic configuration embeds so that a
// distribution can add fields of its own; this build adds none.
package ext

// HTTP is embedded in Traefik's dynamic.HTTP.
type HTTP struct{}

// Router is embedded in Traefik's dynamic.Router.
type Router struct{}
