// Traefik's extension point for the dynamic configuration (github.com/traefik/traefik/dynamic/ext),
// a nested module of its repository that the Go module proxy does not serve. Left empty: no extension.
module github.com/traefik/traefik/dynamic/ext

go 1.24.0
