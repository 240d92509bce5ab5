package web

import (
	"net/http"
	"regexp"
	"sort"
	"strings"

	"kampungkb"
)

// defaultFilter is a filter for counting only.
func defaultFilter() kampungkb.Filter { return kampungkb.Filter{Limit: 1} }

// queryParams lists the query parameters each GET collection takes.
var queryParams = map[string][]string{
	"/regions":               {"q", "level", "region", "limit"},
	"/partners":              {"q", "region", "category", "partner", "from", "to", "archived", "limit", "offset"},
	"/kampung":               {"q", "region", "category", "partner", "from", "to", "archived", "limit", "offset"},
	"/agreements":            {"q", "region", "type", "status", "category", "partner", "kampung", "from", "to", "archived", "limit", "offset"},
	"/activities":            {"q", "region", "category", "type", "partner", "kampung", "agreement", "from", "to", "limit", "offset"},
	"/contributions":         {"q", "region", "type", "partner", "kampung", "activity", "agreement", "from", "to", "limit", "offset"},
	"/coverage":              {"region", "from", "to"},
	"/coverage/matrix":       {"region", "from", "to"},
	"/coverage/partners":     {"region", "from", "to", "limit", "offset"},
	"/kampung/{id}/profiles": {},
	"/children":              {"q", "region", "kampung", "archived", "limit", "offset"},
	"/families":              {"q", "region", "dusun", "rw", "rt", "limit", "offset"},
	"/families/{fid}":        {"nik"},
	"/prevalence":            {"region", "level", "from", "to"},
	"/users":                 {"q", "type", "region", "archived", "limit", "offset"},
	"/audit":                 {"user", "action", "entity", "entity_id", "ip", "from", "to", "limit", "offset"},
}

// paramDoc describes the query parameters.
var paramDoc = map[string]string{
	"q":         "cari (nama, judul, uraian)",
	"region":    "kode wilayah (52.03 atau 5203): wilayah itu dan semua di bawahnya",
	"level":     "provinsi, kabupaten, kecamatan atau desa",
	"category":  "kode kategori (fungsi keluarga / kategori mitra)",
	"type":      "jenis (kegiatan, perjanjian, kontribusi)",
	"status":    "belum_berlaku, berlaku, akan_berakhir, berakhir",
	"partner":   "id mitra",
	"kampung":   "id Kampung KB",
	"agreement": "id perjanjian",
	"activity":  "id kegiatan",
	"from":      "tanggal awal TTTT-BB-HH",
	"to":        "tanggal akhir TTTT-BB-HH",
	"archived":  "1 = termasuk yang diarsipkan",
	"limit":     "jumlah baris (bawaan 50, paling banyak 500)",
	"offset":    "mulai dari baris ke-",
	"at":        "tanggal acuan TTTT-BB-HH (bawaan hari ini)",
	"dusun":     "nama dusun (sama persis, huruf besar/kecil tidak dibedakan)",
	"rw":        "nomor RW (sama persis)",
	"rt":        "nomor RT (sama persis)",
	"nik":       "1 = NIK dan No. KK lengkap (tercatat di jejak audit)",
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// openAPI builds the OpenAPI 3.1 document from the route table, so that it
// lists exactly the registered API routes.
func (s *Server) openAPI() map[string]any {
	paths := map[string]any{}
	for _, rt := range s.routes {
		if !rt.API {
			continue
		}
		p := strings.TrimPrefix(rt.Pattern, "/api/v1")
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": strings.ToLower(rt.Method) + strings.NewReplacer("/", "_", "{", "", "}", "").Replace(p),
			"responses": map[string]any{
				"200": map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{}}},
				"default": map[string]any{"description": "Galat", "content": map[string]any{"application/json": map[string]any{
					"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
			},
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(p, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if rt.Method == "GET" {
			for _, q := range queryParams[p] {
				params = append(params, map[string]any{"name": q, "in": "query", "required": false,
					"description": paramDoc[q], "schema": map[string]any{"type": "string"}})
			}
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.Method == "POST" || rt.Method == "PUT" || rt.Method == "PATCH" {
			body := "application/json"
			if strings.HasSuffix(p, "/documents") || strings.HasSuffix(p, "/photos") {
				body = "multipart/form-data"
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{body: map[string]any{}}}
		}
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "kampungkb API", "version": "1",
			"description": "API JSON sistem informasi Kampung KB. Daftar menjawab {\"items\": [...], \"total\": N} dan menerima limit, offset, q dan filter seperti region=52.03."},
		"servers": []any{map[string]any{"url": "/api/v1"}},
		"paths":   paths,
		"components": map[string]any{"schemas": map[string]any{
			"Error": map[string]any{"type": "object", "properties": map[string]any{"error": map[string]any{"type": "object",
				"properties": map[string]any{
					"code":    map[string]any{"type": "string", "enum": []string{"invalid", "not_found", "conflict", "forbidden", "unauthenticated", "internal"}},
					"message": map[string]any{"type": "string"},
					"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
				}}}},
		}},
	}
}

// apiPaths returns the API paths with their methods, sorted (for tests).
func (s *Server) apiPaths() []string {
	var out []string
	for _, rt := range s.routes {
		if rt.API {
			out = append(out, rt.Method+" "+rt.Pattern)
		}
	}
	sort.Strings(out)
	return out
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.openAPI())
}
