package open311

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shamil-municipal/shamil/hub/internal/words"
	"github.com/shamil-municipal/shamil/hub/protocol"
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

var errNoAPIKey = protocol.NewError(protocol.CodeForbidden,
	"api_key is required to post a request: ask the municipality for one", "مفتاح الواجهة api_key مطلوب لإرسال بلاغ: اطلبه من البلدية")

// decodePost reads the parameters of a posted request.
func decodePost(v url.Values) (posted, error) {
	for name, vals := range v {
		if !utf8.ValidString(name) || len(name) > maxName {
			return posted{}, words.BadParameterName.FieldError("parameter")
		}
		for _, s := range vals {
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxValue {
				return posted{}, protocol.FieldError(name, "Values must be valid UTF-8 of at most 4000 characters",
					"القيم يجب أن تكون نصاً سليماً بحد أقصى ٤٠٠٠ حرف")
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
		return posted{}, protocol.FieldError("service_code", "service_code is required", "رمز الخدمة service_code مطلوب")
	}
	var err error
	if p.Lat, p.Long, err = position(v.Get("lat"), v.Get("long")); err != nil {
		return posted{}, err
	}
	if utf8.RuneCountInString(p.AddressString) > maxAddress {
		return posted{}, protocol.FieldError("address_string", "address_string is longer than 500 characters",
			"العنوان address_string أطول من ٥٠٠ حرف")
	}
	if p.Lat == nil && p.AddressString == "" && v.Get("address_id") != "" {
		return posted{}, protocol.FieldError("address_id", "address_id is not supported here: give lat and long, or address_string",
			"المعرّف address_id غير مدعوم هنا: أرسل lat و long، أو address_string")
	}
	if p.Lat == nil && p.AddressString == "" {
		return posted{}, protocol.FieldError("lat/long", "Give the location: lat and long, or address_string",
			"حدّد الموقع: lat و long، أو address_string")
	}
	if p.MediaURL != "" {
		u, err := url.Parse(p.MediaURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(p.MediaURL) > maxMediaURL {
			return posted{}, protocol.FieldError("media_url", "media_url must be an http or https address",
				"الرابط media_url يجب أن يبدأ بـ http أو https")
		}
	}
	for name, vals := range v {
		code, ok := strings.CutPrefix(name, "attribute[")
		if !ok {
			continue
		}
		code, ok = strings.CutSuffix(code, "]")
		if !ok || code == "" || strings.ContainsAny(code, "[]") {
			return posted{}, protocol.FieldError(name, "Attributes are sent as attribute[code]=value",
				"تُرسل الخصائص بالشكل attribute[code]=value")
		}
		if p.Attributes == nil {
			p.Attributes = map[string]string{}
		}
		p.Attributes[code] = strings.TrimSpace(vals[0])
		if len(p.Attributes) > maxAttributes {
			return posted{}, protocol.FieldError("attribute", "Too many attributes", "عدد الخصائص كبير جداً")
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
	bad := protocol.FieldError("lat/long", "lat and long must both be given, in degrees: lat -90 to 90, long -180 to 180",
		"يجب إرسال lat و long معاً بالدرجات: lat من ‎-90 إلى 90 و long من ‎-180 إلى 180")
	y, err1 := strconv.ParseFloat(lat, 64)
	x, err2 := strconv.ParseFloat(long, 64)
	if err1 != nil || err2 != nil || math.IsNaN(y) || math.IsNaN(x) || y < -90 || y > 90 || x < -180 || x > 180 {
		return nil, nil, bad
	}
	return &y, &x, nil
}
