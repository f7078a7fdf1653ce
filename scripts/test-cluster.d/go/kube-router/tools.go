//go:build tools

// Package tools pins the kube-router command built by scripts/test-cluster (real node mode only).
package tools

import _ "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router"
