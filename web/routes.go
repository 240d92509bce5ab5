package web

import (
	"net/http"

	"kampungkb"
)

// Route is one entry of the URL map.
type Route struct {
	Method  string
	Pattern string
	Handler http.Handler
	// API routes live under /api/v1 and are described in openapi.json.
	API bool
	// Summary describes the route (OpenAPI summary; Indonesian).
	Summary string
	// Public routes need no login; the others need an actor, and Perm
	// when it is set (guard). Handlers check the view and capture scope of
	// the records they touch (scope.go).
	Public bool
	Perm   kampungkb.Permission
	// AllowPasswordChange routes stay open to a user who must change the
	// password first (after an admin reset).
	AllowPasswordChange bool
}

// routeTable is the whole URL map of the application: pages for people
// (Indonesian paths) and the JSON API under /api/v1 (formats.md "HTTP").
func (s *Server) routeTable() []Route {
	h := func(method, pattern string, fn http.HandlerFunc) Route {
		return Route{Method: method, Pattern: pattern, Handler: fn}
	}
	api := func(method, pattern, summary string, fn http.HandlerFunc) Route {
		return Route{Method: method, Pattern: "/api/v1" + pattern, Handler: fn, API: true, Summary: summary}
	}
	par, kam, agr, act, con := s.partnerAPI(), s.kampungAPI(), s.agreementAPI(), s.activityAPI(), s.contributionAPI()
	public := func(rt Route) Route { rt.Public = true; return rt }
	own := func(rt Route) Route { rt.AllowPasswordChange = true; return rt }
	// need gives a route its permission; routes with neither Public nor
	// Perm are open to every logged-in user (their account, reference data).
	need := func(p kampungkb.Permission, rt Route) Route { rt.Perm = p; return rt }
	const (
		records    = kampungkb.PermViewRecords
		aggregates = kampungkb.PermViewAggregates
		kampung    = kampungkb.PermEditKampung
		partners   = kampungkb.PermEditPartners
		agreements = kampungkb.PermEditAgreements
		activities = kampungkb.PermEditActivities
		personal   = kampungkb.PermViewPersonal
		children   = kampungkb.PermEditChildren
		families   = kampungkb.PermEditFamilies
		imports    = kampungkb.PermImportFamilies
	)
	return []Route{
		public(h("GET", "/healthz", s.healthz)),
		public(h("GET", "/masuk", s.loginPage)),
		public(h("POST", "/masuk", s.login)),
		own(h("POST", "/keluar", s.logout)),
		h("GET", "/akun", s.account),
		own(h("GET", "/akun/sandi", s.passwordPage)),
		own(h("POST", "/akun/sandi", s.changePassword)),
		h("POST", "/akun/token", s.createToken),
		h("POST", "/akun/token/{id}/cabut", s.revokeToken),
		need(aggregates, h("GET", "/{$}", s.home)),

		// Regions: reference data, open to every logged-in user
		h("GET", "/wilayah", s.regionBrowse),
		h("GET", "/wilayah/{code}", s.regionBrowse),

		// Partners
		need(records, h("GET", "/mitra", s.partnerList)),
		need(partners, h("GET", "/mitra/baru", s.partnerNew)),
		need(partners, h("POST", "/mitra", s.partnerCreate)),
		need(records, h("GET", "/mitra/{id}", s.partnerShow)),
		need(partners, h("GET", "/mitra/{id}/ubah", s.partnerEdit)),
		need(partners, h("POST", "/mitra/{id}", s.partnerUpdate)),
		need(partners, h("POST", "/mitra/{id}/arsip", s.partnerArchive)),
		need(partners, h("POST", "/mitra/{id}/hapus", s.partnerDelete)),

		// Kampung KB (pages)
		need(records, h("GET", "/kampung", s.kampungList)),
		need(kampung, h("GET", "/kampung/baru", s.kampungNew)),
		need(kampung, h("POST", "/kampung", s.kampungCreate)),
		need(records, h("GET", "/kampung/{id}", s.kampungShow)),
		need(kampung, h("GET", "/kampung/{id}/ubah", s.kampungEdit)),
		need(kampung, h("POST", "/kampung/{id}", s.kampungUpdate)),
		need(kampung, h("POST", "/kampung/{id}/arsip", s.kampungArchive)),
		need(kampung, h("POST", "/kampung/{id}/hapus", s.kampungDelete)),
		need(kampung, h("POST", "/kampung/{id}/foto", s.kampungPhoto)),
		need(kampung, h("POST", "/kampung/{id}/foto/hapus", s.kampungPhotoRemove)),
		need(kampung, h("GET", "/kampung/{id}/profil/baru", s.profileNew)),
		need(kampung, h("POST", "/kampung/{id}/profil", s.profileCreate)),
		need(records, h("GET", "/kampung/{id}/profil", s.profileHistory)),
		need(records, h("GET", "/kampung/{id}/profil/{pid}", s.profileShow)),

		// Agreements (pages)
		need(records, h("GET", "/perjanjian", s.agreementList)),
		need(agreements, h("GET", "/perjanjian/baru", s.agreementNew)),
		need(agreements, h("POST", "/perjanjian", s.agreementCreate)),
		need(records, h("GET", "/perjanjian/{id}", s.agreementShow)),
		need(agreements, h("GET", "/perjanjian/{id}/ubah", s.agreementEdit)),
		need(agreements, h("POST", "/perjanjian/{id}", s.agreementUpdate)),
		need(agreements, h("POST", "/perjanjian/{id}/arsip", s.agreementArchive)),
		need(agreements, h("POST", "/perjanjian/{id}/hapus", s.agreementDelete)),
		need(agreements, h("POST", "/perjanjian/{id}/dokumen", s.agreementUpload)),
		need(agreements, h("POST", "/perjanjian/{id}/dokumen/{doc}/hapus", s.agreementDocumentDelete)),

		// Activities (pages)
		need(records, h("GET", "/kegiatan", s.activityList)),
		need(activities, h("GET", "/kegiatan/baru", s.activityNew)),
		need(activities, h("POST", "/kegiatan", s.activityCreate)),
		need(records, h("GET", "/kegiatan/{id}", s.activityShow)),
		need(activities, h("GET", "/kegiatan/{id}/ubah", s.activityEdit)),
		need(activities, h("POST", "/kegiatan/{id}", s.activityUpdate)),
		need(activities, h("POST", "/kegiatan/{id}/hapus", s.activityDelete)),
		need(activities, h("POST", "/kegiatan/{id}/foto", s.activityPhotoUpload)),
		need(activities, h("POST", "/kegiatan/{id}/foto/{photo}/hapus", s.activityPhotoDelete)),

		// Contributions (pages)
		need(records, h("GET", "/kontribusi", s.contributionList)),
		need(activities, h("GET", "/kontribusi/baru", s.contributionNew)),
		need(activities, h("POST", "/kontribusi", s.contributionCreate)),
		need(records, h("GET", "/kontribusi/{id}", s.contributionShow)),
		need(activities, h("GET", "/kontribusi/{id}/ubah", s.contributionEdit)),
		need(activities, h("POST", "/kontribusi/{id}", s.contributionUpdate)),
		need(activities, h("POST", "/kontribusi/{id}/hapus", s.contributionDelete)),

		// Coverage and reports (pages)
		need(aggregates, h("GET", "/cakupan", s.coverage)),
		need(aggregates, h("GET", "/cakupan/matriks", s.coverageMatrix)),
		need(aggregates, h("GET", "/cakupan/mitra", s.coveragePartners)),

		// Children and growth (pages): personal data
		need(personal, h("GET", "/anak", s.childList)),
		need(children, h("GET", "/anak/baru", s.childNew)),
		need(children, h("POST", "/anak", s.childCreate)),
		need(personal, h("GET", "/anak/{id}", s.childShow)),
		need(children, h("GET", "/anak/{id}/ubah", s.childEdit)),
		need(children, h("POST", "/anak/{id}", s.childUpdate)),
		need(children, h("POST", "/anak/{id}/arsip", s.childArchive)),
		need(children, h("POST", "/anak/{id}/pengukuran", s.measurementAdd)),
		need(children, h("POST", "/anak/{id}/pengukuran/{mid}/hapus", s.measurementDelete)),
		need(aggregates, h("GET", "/prevalensi", s.prevalencePage)),
		need(personal, h("GET", "/keluarga", s.familyList)),
		need(personal, h("GET", "/keluarga/{fid}", s.familyShow)),
		need(families, h("GET", "/keluarga/baru", s.familyNew)),
		need(families, h("POST", "/keluarga", s.familyCreate)),
		need(families, h("GET", "/keluarga/{fid}/ubah", s.familyEdit)),
		need(families, h("POST", "/keluarga/{fid}", s.familyUpdate)),
		need(families, h("GET", "/keluarga/{fid}/anggota/baru", s.memberNew)),
		need(families, h("POST", "/keluarga/{fid}/anggota", s.memberCreate)),
		need(families, h("GET", "/keluarga/{fid}/anggota/{no}/ubah", s.memberEdit)),
		need(families, h("POST", "/keluarga/{fid}/anggota/{no}", s.memberUpdate)),
		need(families, h("POST", "/keluarga/{fid}/anggota/{no}/hapus", s.memberDelete)),
		need(aggregates, h("GET", "/indikator", s.indicatorPage)),
		need(imports, h("GET", "/impor", s.importPage)),
		need(imports, h("POST", "/impor", s.importUpload)),

		// Audit (pages)
		auditOnly(h("GET", "/audit", s.auditList)),
		auditOnly(h("GET", "/audit/{id}", s.auditShow)),

		// Files: follow the record they belong to
		need(records, h("GET", "/berkas/{id}", s.fileDownload)),

		// Users (pages)
		manageUsers(h("GET", "/pengguna", s.userList)),
		manageUsers(h("GET", "/pengguna/baru", s.userNew)),
		manageUsers(h("POST", "/pengguna", s.userCreate)),
		manageUsers(h("GET", "/pengguna/{id}", s.userShow)),
		manageUsers(h("GET", "/pengguna/{id}/ubah", s.userEdit)),
		manageUsers(h("POST", "/pengguna/{id}", s.userUpdate)),
		manageUsers(h("POST", "/pengguna/{id}/sandi", s.userResetPassword)),

		// JSON API
		public(api("GET", "/openapi.json", "Dokumen OpenAPI API ini", s.apiOpenAPI)),
		public(api("GET", "/codes", "Semua daftar kode", s.apiCodes)),
		api("GET", "/regions", "Cari wilayah (q, level, region)", s.apiRegions),
		api("GET", "/regions/{code}", "Satu wilayah dengan induk dan anaknya", s.apiRegion),
		need(records, api("GET", "/partners", "Daftar mitra", listHandler(s, s.db.Partners))),
		need(partners, api("POST", "/partners", "Tambah mitra", par.Create)),
		need(records, api("GET", "/partners/{id}", "Satu mitra", par.Get)),
		need(partners, api("PUT", "/partners/{id}", "Ubah mitra", par.Update)),
		need(partners, api("DELETE", "/partners/{id}", "Hapus mitra (ditolak bila masih dirujuk)", par.Delete)),

		// Kampung KB (API)
		need(records, api("GET", "/kampung", "Daftar Kampung KB", listHandler(s, s.db.KampungList))),
		need(kampung, api("POST", "/kampung", "Tambah Kampung KB", kam.Create)),
		need(records, api("GET", "/kampung/{id}", "Satu Kampung KB dengan wilayahnya", kam.Get)),
		need(kampung, api("PUT", "/kampung/{id}", "Ubah Kampung KB", kam.Update)),
		need(kampung, api("DELETE", "/kampung/{id}", "Hapus Kampung KB (ditolak bila masih dirujuk)", kam.Delete)),
		need(records, api("GET", "/kampung/{id}/profiles", "Riwayat profil Kampung KB, terbaru dulu", s.apiProfiles)),
		need(kampung, api("POST", "/kampung/{id}/profiles", "Simpan profil baru Kampung KB (snapshot)", s.apiProfileCreate)),
		need(records, api("GET", "/kampung/{id}/profiles/current", "Profil terkini Kampung KB", s.apiProfileCurrent)),
		need(records, api("GET", "/kampung/{id}/profiles/{pid}", "Satu profil Kampung KB", s.apiProfile)),

		// Agreements (API)
		need(records, api("GET", "/agreements", "Daftar perjanjian (MoU, PKS, Kesepahaman Bersama) dengan statusnya", listHandler(s, s.db.Agreements))),
		need(agreements, api("POST", "/agreements", "Tambah perjanjian", agr.Create)),
		need(records, api("GET", "/agreements/{id}", "Satu perjanjian dengan pihak, ruang lingkup, dokumen dan perjanjian turunannya", agr.Get)),
		need(agreements, api("PUT", "/agreements/{id}", "Ubah perjanjian (version harus cocok bila diisi)", agr.Update)),
		need(agreements, api("DELETE", "/agreements/{id}", "Hapus perjanjian (ditolak bila masih dirujuk)", agr.Delete)),
		need(agreements, api("POST", "/agreements/{id}/documents", "Unggah dokumen perjanjian (multipart: file dan title; PDF/JPEG/PNG/WebP, paling besar 10 MB)", s.apiAgreementUpload)),
		need(agreements, api("DELETE", "/agreements/{id}/documents/{doc}", "Hapus dokumen perjanjian", s.apiAgreementDocumentDelete)),
		need(records, api("GET", "/files/{id}", "Isi berkas yang tersimpan (dokumen, foto)", s.apiFile)),

		// Activities (API)
		need(records, api("GET", "/activities", "Daftar kegiatan (terbaru dahulu) dengan Kampung KB dan mitranya", listHandler(s, s.db.Activities))),
		need(activities, api("POST", "/activities", "Tambah kegiatan", act.Create)),
		need(records, api("GET", "/activities/{id}", "Satu kegiatan dengan Kampung KB, mitra, instansi, sasaran, peserta dan foto", act.Get)),
		need(activities, api("PUT", "/activities/{id}", "Ubah kegiatan (version harus cocok bila diisi; foto tetap)", act.Update)),
		need(activities, api("DELETE", "/activities/{id}", "Hapus kegiatan beserta fotonya (ditolak bila masih dirujuk kontribusi)", act.Delete)),
		need(activities, api("POST", "/activities/{id}/photos", "Unggah foto kegiatan (multipart: photo, tag sebelum/sesudah/kegiatan, caption; JPEG/PNG/WebP, paling besar 5 MB)", s.apiActivityPhotoUpload)),
		need(activities, api("DELETE", "/activities/{id}/photos/{photo}", "Hapus foto kegiatan", s.apiActivityPhotoDelete)),

		// Contributions (API)
		need(records, api("GET", "/contributions", "Daftar kontribusi mitra dengan jumlah Rupiah seluruh hasil saringan (sum)", s.apiContributions)),
		need(activities, api("POST", "/contributions", "Tambah kontribusi mitra", con.Create)),
		need(records, api("GET", "/contributions/{id}", "Satu kontribusi mitra", con.Get)),
		need(activities, api("PUT", "/contributions/{id}", "Ubah kontribusi mitra (version harus cocok bila diisi)", con.Update)),
		need(activities, api("DELETE", "/contributions/{id}", "Hapus kontribusi mitra", con.Delete)),

		// Coverage (API)
		need(aggregates, api("GET", "/coverage", "Cakupan kemitraan: Kampung KB yang mendapat paling sedikit satu kegiatan bersama mitra dalam periode, per wilayah di bawahnya, dan yang belum (region, from, to; bawaan: tahun ini)", s.apiCoverage)),
		need(aggregates, api("GET", "/coverage/matrix", "Matriks mitra × Kampung KB: kegiatan dan kontribusi per sel (region, from, to; bawaan: tahun ini)", s.apiCoverageMatrix)),
		need(aggregates, api("GET", "/coverage/partners", "Ringkasan per mitra: perjanjian, kegiatan, kontribusi dan Kampung KB terjangkau, termasuk unit (region, from, to; bawaan: tahun ini)", s.apiCoveragePartners)),

		// Children and growth (API)
		need(personal, api("GET", "/children", "Daftar anak (data pribadi; q, region, kampung, archived)", s.apiChildren)),
		need(children, api("POST", "/children", "Tambah anak", s.apiChildCreate)),
		need(personal, api("GET", "/children/{id}", "Satu anak dengan semua pengukurannya dan z-score WHO", s.apiChild)),
		need(children, api("PUT", "/children/{id}", "Ubah data anak (version harus cocok bila diisi)", s.apiChildUpdate)),
		need(children, api("POST", "/children/{id}/measurements", "Catat pengukuran; z-score WHO dihitung dan disimpan (409 bila tabel WHO belum terpasang)", s.apiMeasurementAdd)),
		need(children, api("DELETE", "/children/{id}/measurements/{mid}", "Hapus satu pengukuran", s.apiMeasurementDelete)),
		need(personal, api("GET", "/families", "Daftar keluarga (data pribadi; q: nama atau NIK anggota, No. KK, ID keluarga; region, dusun, rw, rt); No. KK disamarkan, pencarian menurut NIK/No. KK tercatat di jejak audit", s.apiFamilies)),
		need(families, api("POST", "/families", "Tambah keluarga tanpa anggota (family_id kosong: dibuat dari kode desa)", s.apiFamilyCreate)),
		need(personal, api("GET", "/families/{fid}", "Satu keluarga dengan anggotanya; NIK dan No. KK disamarkan kecuali nik=1; pembukaan tercatat di jejak audit", s.apiFamily)),
		need(families, api("PUT", "/families/{fid}", "Ubah data keluarga (bukan ID dan anggotanya; version harus cocok bila diisi)", s.apiFamilyUpdate)),
		need(families, api("POST", "/families/{fid}/members", "Tambah anggota keluarga (member_no kosong: nomor berikutnya; version keluarga harus cocok bila diisi)", s.apiMemberCreate)),
		need(families, api("PUT", "/families/{fid}/members/{no}", "Ubah anggota keluarga (version keluarga harus cocok bila diisi)", s.apiMemberUpdate)),
		need(families, api("DELETE", "/families/{fid}/members/{no}", "Hapus anggota yang salah catat (ditolak bila sudah tercatat sebagai anak; version=N harus cocok bila diisi)", s.apiMemberDelete)),
		need(imports, api("POST", "/imports/{kind}", "Impor satu berkas CSV data keluarga (kind: families, members, measurements; badan permintaan = isi CSV; dry_run=1 hanya memeriksa): semua atau tidak sama sekali, setiap baris salah dengan baris dan kolomnya; hanya desa di wilayah kerja pengguna", s.apiImport)),
		need(aggregates, api("GET", "/indicators", "Indikator program per wilayah atau Kampung KB pada tanggal acuan (region, level, at): PUS, CPR, mCPR, MKJP, unmet need, perkawinan dini, 4 Terlalu, keluarga berisiko stunting, stunting; dengan pembilang, penyebut dan definisi", s.apiIndicators)),
		need(aggregates, api("GET", "/prevalence", "Prevalensi stunting, wasting, underweight, overweight per wilayah (region, level, from, to): data rutin posyandu, bukan survei", s.apiPrevalence)),

		// Audit (API)
		auditOnly(api("GET", "/audit", "Jejak audit, terbaru dahulu: siapa, kapan, dari mana, data apa, nilai sebelum dan sesudah (user, action, entity, entity_id, ip, from, to)", s.apiAuditList)),
		auditOnly(api("GET", "/audit/{id}", "Satu catatan jejak audit", s.apiAuditEntry)),

		// Users (API)
		manageUsers(api("GET", "/users", "Daftar akun pengguna di wilayah yang Anda kelola (q, role, region, disabled=1); tanpa hash kata sandi", s.apiUsers)),
		manageUsers(api("POST", "/users", "Buat akun pengguna; tanpa password, kata sandi sementara dibuat dan dijawab sekali (temporary_password)", s.apiUserCreate)),
		manageUsers(api("GET", "/users/{id}", "Satu akun pengguna", s.apiUser)),
		manageUsers(api("PUT", "/users/{id}", "Ubah akun pengguna: nama, peran, wilayah, desa binaan, mitra, nonaktif (version harus cocok bila diisi)", s.apiUserUpdate)),
		manageUsers(api("POST", "/users/{id}/reset-password", "Atur ulang kata sandi: kata sandi sementara dijawab sekali, semua sesi pengguna berakhir, wajib ganti saat masuk", s.apiUserResetPassword)),
	}
}
