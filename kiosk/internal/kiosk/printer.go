package kiosk

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Printer prints receipts with CUPS (`lp -d Queue`), or, with no queue,
// writes them into Spool.
type Printer struct {
	Queue   string // CUPS queue; empty: spool
	Spool   string // folder for receipts when there is no queue
	Command string // the lp program; tests put a failing one here
}

// Print prints the receipt named name (a ticket id) and says where it went.
func (p Printer) Print(ctx context.Context, name string, pdf []byte) (string, error) {
	if p.Queue == "" {
		if err := os.MkdirAll(p.Spool, 0o700); err != nil {
			return "", fmt.Errorf("create the spool folder: %w", err)
		}
		path := filepath.Join(p.Spool, name+".pdf")
		if err := os.WriteFile(path, pdf, 0o600); err != nil {
			return "", fmt.Errorf("spool the receipt: %w", err)
		}
		return path, nil
	}
	cmd := exec.CommandContext(ctx, p.Command, "-d", p.Queue, "-t", name) // the receipt comes on stdin
	cmd.Stdin = bytes.NewReader(pdf)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("print on %s: %v: %s", p.Queue, err, strings.TrimSpace(string(out)))
	}
	return "printer " + p.Queue, nil
}
