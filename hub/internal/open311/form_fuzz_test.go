package open311

import (
	"math"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shamil-municipal/shamil/hub/internal/media"
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
		"api_key=k&service_code=s&address_id=12345",
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

// FuzzReadMultipart feeds the multipart reader any body: it never panics,
// and what it accepts keeps within the limits: at most media.MaxPhotos
// photos of at most media.MaxPhotoBytes, text of at most maxBody bytes.
func FuzzReadMultipart(f *testing.F) {
	for _, seed := range []string{
		"--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nk\r\n--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n--b--\r\n",
		"--b\r\nContent-Disposition: form-data; name=\"description\"; filename=\"x\"\r\n\r\nfile\r\n--b--\r\n",
		"--b\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--b--\r\n",
		"--b\r\n\r\n--b--",
		"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + strings.Repeat("x", 100) + "\r\n--b",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		v, photos, err := readMultipart(strings.NewReader(body), "b")
		if err != nil {
			return
		}
		if len(photos) > media.MaxPhotos {
			t.Fatalf("accepted %d photos", len(photos))
		}
		text := 0
		for name, vals := range v {
			if name == "" || name == mediaField {
				t.Fatalf("accepted a parameter named %q", name)
			}
			for _, s := range vals {
				text += len(s)
			}
		}
		for _, p := range photos {
			if len(p) == 0 || len(p) > media.MaxPhotoBytes {
				t.Fatalf("accepted a photo of %d bytes", len(p))
			}
		}
		if text > maxBody {
			t.Fatalf("accepted %d bytes of text", text)
		}
	})
}
