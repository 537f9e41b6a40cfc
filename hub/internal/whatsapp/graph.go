package whatsapp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/media"
)

// download fetches the bytes of an inbound image, as Meta documents it:
// GET {GraphURL}/{media-id} with the bearer token answers JSON with a
// short-lived "url", and GET of that url with the same token answers the
// bytes. More than media.MaxPhotoBytes is media.ErrTooLarge.
func (w *Webhook) download(ctx context.Context, id string) ([]byte, error) {
	var info struct {
		URL      string `json:"url"`
		FileSize int64  `json:"file_size"`
	}
	meta, err := w.graphGet(ctx, strings.TrimSuffix(w.GraphURL, "/")+"/"+url.PathEscape(id), 64<<10)
	if err != nil {
		return nil, fmt.Errorf("media %s: %w", id, err)
	}
	if err := json.Unmarshal(meta, &info); err != nil || info.URL == "" {
		return nil, fmt.Errorf("media %s: no url in the Graph API's answer", id)
	}
	if info.FileSize > media.MaxPhotoBytes {
		return nil, media.ErrTooLarge
	}
	data, err := w.graphGet(ctx, info.URL, media.MaxPhotoBytes+1)
	if err != nil {
		return nil, fmt.Errorf("media %s: %w", id, err)
	}
	if len(data) > media.MaxPhotoBytes {
		return nil, media.ErrTooLarge
	}
	return data, nil
}

// graphGet is an authorised GET that reads at most limit bytes.
func (w *Webhook) graphGet(ctx context.Context, u string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+w.Token)
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s%s: %s", req.URL.Host, req.URL.Path, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, limit))
}
