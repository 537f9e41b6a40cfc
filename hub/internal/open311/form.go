package open311

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Limits on what a posted request may carry.
const (
	maxValue      = 4000 // characters in any one parameter
	maxAddress    = 500
	maxAttributes = 50
	maxMediaURL   = 2000
	maxName       = 100 // bytes in a parameter's name
)

// posted is a POST requests.{fmt} form, read and checked for shape; the
// catalogue and ReportCase check the rest. Personal details the case has no
// place for (first_name, last_name, email, device_id, account_id) are not
// read: they would end up in a public record.
type posted struct {
	APIKey        string
	ServiceCode   string
	Description   string
	Phone         string
	Lang          string
	Lat, Long     *float64
	AddressString string
	MediaURL      string
	Attributes    map[string]string // attribute[code] → value
}

var errNoAPIKey = words.NoAPIKey.Error(protocol.CodeForbidden)

// decodePost reads the parameters of a posted request.
func decodePost(v url.Values) (posted, error) {
	for name, vals := range v {
		if !utf8.ValidString(name) || len(name) > maxName {
			return posted{}, words.BadParameterName.FieldError("parameter")
		}
		for _, s := range vals {
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxValue {
				return posted{}, words.BadParameterValue.FieldError(name)
			}
		}
	}
	p := posted{
		APIKey: v.Get("api_key"), ServiceCode: strings.TrimSpace(v.Get("service_code")),
		Description: strings.TrimSpace(v.Get("description")), Phone: strings.TrimSpace(v.Get("phone")),
		Lang: v.Get("lang"), AddressString: strings.TrimSpace(v.Get("address_string")),
		MediaURL: strings.TrimSpace(v.Get("media_url")),
	}
	if p.APIKey == "" {
		return posted{}, errNoAPIKey
	}
	if p.ServiceCode == "" {
		return posted{}, words.NoServiceCode.FieldError("service_code")
	}
	var err error
	if p.Lat, p.Long, err = position(v.Get("lat"), v.Get("long")); err != nil {
		return posted{}, err
	}
	if utf8.RuneCountInString(p.AddressString) > maxAddress {
		return posted{}, words.AddressTooLong.FieldError("address_string")
	}
	if p.Lat == nil && p.AddressString == "" && v.Get("address_id") != "" {
		return posted{}, words.NoAddressID.FieldError("address_id")
	}
	if p.Lat == nil && p.AddressString == "" {
		return posted{}, words.NoLocation.FieldError("lat/long")
	}
	if p.MediaURL != "" {
		u, err := url.Parse(p.MediaURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(p.MediaURL) > maxMediaURL {
			return posted{}, words.BadMediaURL.FieldError("media_url")
		}
	}
	for name, vals := range v {
		code, ok := strings.CutPrefix(name, "attribute[")
		if !ok {
			continue
		}
		code, ok = strings.CutSuffix(code, "]")
		if !ok || code == "" || strings.ContainsAny(code, "[]") {
			return posted{}, words.AttributeForm.FieldError(name)
		}
		if p.Attributes == nil {
			p.Attributes = map[string]string{}
		}
		p.Attributes[code] = strings.TrimSpace(vals[0])
		if len(p.Attributes) > maxAttributes {
			return posted{}, words.TooManyAttributes.FieldError("attribute")
		}
	}
	return p, nil
}

// position reads lat and long: both or neither, in degrees (WGS84).
func position(lat, long string) (*float64, *float64, error) {
	lat, long = strings.TrimSpace(lat), strings.TrimSpace(long)
	if lat == "" && long == "" {
		return nil, nil, nil
	}
	bad := words.BadLatLong.FieldError("lat/long")
	y, err1 := strconv.ParseFloat(lat, 64)
	x, err2 := strconv.ParseFloat(long, 64)
	if err1 != nil || err2 != nil || math.IsNaN(y) || math.IsNaN(x) || y < -90 || y > 90 || x < -180 || x > 180 {
		return nil, nil, bad
	}
	return &y, &x, nil
}
