//go:build tools

// Package tools pins the coredns command built by scripts/test-cluster (real node mode only).
package tools

import _ "github.com/coredns/coredns"
