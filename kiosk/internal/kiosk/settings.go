package kiosk

import (
	"crypto/subtle"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Settings is the kiosk's set-up, kept in desktop.ConfigFile("kiosk").
type Settings struct {
	Hub      string `json:"hub"`               // the hub's address, http://host:port
	Token    string `json:"token"`             // device token from `hub device add`
	Printer  string `json:"printer,omitempty"` // CUPS queue for `lp -d`; empty: receipts go to the spool folder
	Language string `json:"language"`          // the start screen's language: ar or en
	StaffPIN string `json:"staff_pin"`         // 4 to 8 digits; opens the staff screen
}

// Check reports the first wrong value, in both languages, and cleans the
// rest (spaces, a trailing slash on the address).
func (s *Settings) Check() error {
	s.Hub = strings.TrimRight(strings.TrimSpace(s.Hub), "/")
	s.Token = strings.TrimSpace(s.Token)
	s.Printer = strings.TrimSpace(s.Printer)
	if u, err := url.Parse(s.Hub); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return problem(CodeBadSetting, "hub", words.KioskHubAddress)
	}
	if s.Token == "" || strings.ContainsAny(s.Token, " \t") {
		return problem(CodeBadSetting, "token", words.PasteDeviceToken)
	}
	if strings.ContainsAny(s.Printer, " \t/") {
		return problem(CodeBadSetting, "printer", words.PrinterName)
	}
	if s.Language != "ar" && s.Language != "en" {
		return problem(CodeBadSetting, "language", words.ChooseLanguage)
	}
	if len(s.StaffPIN) < 4 || len(s.StaffPIN) > 8 || strings.Trim(s.StaffPIN, "0123456789") != "" {
		return problem(CodeBadSetting, "staff_pin", words.StaffPINDigits)
	}
	return nil
}

// WebSocket is the hub's WebSocket address.
func (s Settings) WebSocket() string {
	return "ws" + strings.TrimPrefix(s.Hub, "http") + "/ws"
}

// SpoolDir is where receipts go when no printer is set: next to the
// settings file, in kiosk-receipts/.
func SpoolDir(f desktop.File) string {
	return filepath.Join(filepath.Dir(f.Path), "kiosk-receipts")
}

// CheckPIN lets staff past the staff gesture.
func (s Settings) CheckPIN(pin string) error {
	if s.StaffPIN == "" || subtle.ConstantTimeCompare([]byte(pin), []byte(s.StaffPIN)) != 1 {
		return problem(CodeBadPIN, "pin", words.WrongStaffPIN)
	}
	return nil
}
