package cli

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/config"
)

// --log-format json writes one JSON object a line; text, key=value.
func TestLogFormat(t *testing.T) {
	var b bytes.Buffer
	newLogger(config.Config{LogFormat: "json", LogLevel: slog.LevelInfo}, &b).Info("hub ready", "request_id", "k-1")
	var rec map[string]any
	if err := json.Unmarshal(b.Bytes(), &rec); err != nil || rec["msg"] != "hub ready" || rec["request_id"] != "k-1" {
		t.Errorf("json log line %q: %v", b.String(), err)
	}
	b.Reset()
	newLogger(config.Config{LogFormat: "text", LogLevel: slog.LevelInfo}, &b).Info("hub ready", "request_id", "k-1")
	if line := b.String(); !strings.Contains(line, `msg="hub ready" request_id=k-1`) {
		t.Errorf("text log line %q", line)
	}
}
