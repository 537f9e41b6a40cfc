package protocol

import "testing"

func TestNormalizePhone(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"0501234567", "+966501234567", true},
		{"050 123 4567", "+966501234567", true},
		{"+966501234567", "+966501234567", true},
		{"00966501234567", "+966501234567", true},
		{"966 50-123-4567", "+966501234567", true},
		{"501234567", "+966501234567", true},
		{"٠٥٠١٢٣٤٥٦٧", "+966501234567", true},
		{"0112345678", "", false},    // a landline
		{"050123456", "", false},     // too short
		{"05012345678", "", false},   // too long
		{"+971501234567", "", false}, // not Saudi
		{"05O1234567", "", false},    // a letter
		{"", "", false},
		{"5+01234567", "", false},
	} {
		got, ok := NormalizePhone(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	if m := MaskPhone("+966501234567"); m != "05•••••4567" {
		t.Errorf("MaskPhone = %q", m)
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"0501234567", "+966501234567", "٠٥٠١٢٣٤٥٦٧", "", "+", "00966"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := NormalizePhone(s)
		if ok && (len(got) != 13 || got[:5] != "+9665") {
			t.Fatalf("NormalizePhone(%q) = %q", s, got)
		}
		if ok {
			if again, ok2 := NormalizePhone(got); !ok2 || again != got {
				t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
			}
		}
	})
}
