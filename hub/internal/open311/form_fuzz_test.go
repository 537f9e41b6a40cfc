package open311

import (
	"math"
	"net/url"
	"testing"
	"unicode/utf8"
)

// FuzzDecodePost feeds the POST form decoder any body: it never panics,
// and what it accepts has the shape the rest relies on.
func FuzzDecodePost(f *testing.F) {
	for _, seed := range []string{
		"api_key=k&service_code=road-defect&lat=26.5&long=50.0&description=hole&attribute[district]=x",
		"api_key=k&service_code=s&address_string=Corniche&media_url=https://x.test/a.jpg",
		"api_key=k&service_code=s&lat=NaN&long=1",
		"api_key=k&service_code=s&lat=1e400&long=-0",
		"api_key=k&service_code=s&lat=1&address_string=a",
		"api_key=k&service_code=s&address_string=a&attribute[]=1&attribute[a][b]=2",
		"api_key=k&service_code=s&address_string=a&media_url=javascript:alert(1)",
		"api_key=%ff%fe&service_code=%00",
		"service_code=s&lat=1&long=2",
		"attribute[a=1&attribute]=2&&&=&%zz",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		p, err := decodePost(v)
		if err != nil {
			return
		}
		if p.APIKey == "" || p.ServiceCode == "" {
			t.Fatalf("accepted without api_key or service_code: %+v", p)
		}
		if (p.Lat == nil) != (p.Long == nil) {
			t.Fatalf("accepted half a position: %+v", p)
		}
		if p.Lat != nil && (math.IsNaN(*p.Lat) || math.IsNaN(*p.Long) || math.Abs(*p.Lat) > 90 || math.Abs(*p.Long) > 180) {
			t.Fatalf("accepted position %v, %v", *p.Lat, *p.Long)
		}
		if p.Lat == nil && p.AddressString == "" {
			t.Fatalf("accepted without a location: %+v", p)
		}
		if len(p.Attributes) > maxAttributes {
			t.Fatalf("accepted %d attributes", len(p.Attributes))
		}
		for code, val := range p.Attributes {
			if code == "" || !utf8.ValidString(code) || !utf8.ValidString(val) {
				t.Fatalf("accepted attribute %q=%q", code, val)
			}
		}
		for _, s := range []string{p.Description, p.AddressString, p.MediaURL, p.Phone} {
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxValue {
				t.Fatalf("accepted value %q", s)
			}
		}
	})
}
