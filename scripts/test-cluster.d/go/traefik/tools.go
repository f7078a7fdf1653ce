//go:build tools

// Package tools pins the traefik command built by scripts/test-cluster (real node mode only).
package tools

import _ "github.com/traefik/traefik/v3/cmd/traefik"
