package demo

import "kampungkb"

func (l *loader) load() {
	// Kampung KB Tumbuh Jaya: Dusun Dasan Tumbu, Desa Tumbuh Mulia, Kec.
	// Suralaga; launched 14 November 2017 (domain.md §3.7, [NTB-1707]).
	tumbuhJaya := l.kampung(kampungkb.Kampung{
		Name: "Tumbuh Jaya", VillageCode: "52.03.13.2007", Coverage: "dusun", CoverageDetail: "Dasan Tumbu",
		LaunchDate: d("2017-11-14"), Criteria: []string{"kb_rendah", "miskin_tinggi"}, AreaTypes: []string{"miskin"},
		Description: "Kampung KB Tumbuh Jaya di Dusun Dasan Tumbu, Desa Tumbuh Mulia, Kecamatan Suralaga, dicanangkan 14 November 2017.\n" +
			"Saat pencanangan: 621 KK, 1.942 jiwa, PUS 313, peserta KB 182 (58,14 %); bukan peserta KB 131: hamil 17, IAS 31, IAD 63, TIAL 20 (BKKBN NTB).\n" +
			"Kendala yang dihadapi adalah stunting.",
		Latitude: f(-8.5395), Longitude: f(116.5180),
	})
	l.profile(kampungkb.Profile{KampungID: tumbuhJaya, AsOf: d("2018-01-31"), PokjaExists: true, PokjaSK: true,
		PokjaSKNumber: "SK Kepala Desa Tumbuh Mulia (contoh nomor)", PokjaMembers: 16, PokjaTrained: 4,
		PKBAssigned: true, PKBName: "PKB Kecamatan Suralaga (contoh)", PKBContact: "0376-000000",
		Regulations: []string{"desa"}, DataUses: []string{"pk"}, Programs: []string{"bkb", "bkr", "uppka", "sekretariat"},
		Funding:    []string{"apbn", "dana_desa"},
		Mechanisms: []kampungkb.Mechanism{{Code: "rapat_perencanaan", Frequency: "tahunan"}, {Code: "laporan", Frequency: "bulanan"}},
		Note:       "Profil awal setelah pencanangan. " + contoh})
	l.profile(kampungkb.Profile{KampungID: tumbuhJaya, AsOf: d("2024-01-31"), PokjaExists: true, PokjaSK: true,
		PokjaSKNumber: "SK Kepala Desa Tumbuh Mulia (contoh nomor)", PokjaMembers: 24, PokjaTrained: 12,
		PokjaTrainingNote: "Orientasi Pokja oleh PKB dan IPeKB (contoh).",
		PKBAssigned:       true, PKBName: "PKB Kecamatan Suralaga (contoh)", PKBContact: "0376-000000",
		Regulations: []string{"bupati", "desa"}, RKM: true, DataUses: []string{"pk", "rutin_bkkbn", "potensi_desa"},
		Programs: []string{"bkb", "bkr", "bkl", "uppka", "pikr", "sekretariat", "rumah_dataku", "pelayanan_kb"},
		Funding:  []string{"apbn", "apbd", "dana_desa", "csr"},
		Mechanisms: []kampungkb.Mechanism{{Code: "rapat_perencanaan", Frequency: "tahunan"}, {Code: "rapat_koordinasi", Frequency: "triwulan"},
			{Code: "sosialisasi", Frequency: "bulanan"}, {Code: "monev", Frequency: "semesteran"}, {Code: "laporan", Frequency: "bulanan"}},
		Note: "Pembaruan profil tahunan (Januari). " + contoh})

	// Example Kampung KB, labelled as examples.
	pancor := l.kampung(kampungkb.Kampung{Name: "Pancor Berseri (contoh)", VillageCode: "52.03.07.1001", Coverage: "desa",
		LaunchDate: d("2018-03-08"), Criteria: []string{"kb_rendah"}, AreaTypes: []string{"padat"}, Description: contoh})
	anjani := l.kampung(kampungkb.Kampung{Name: "Anjani Sejahtera (contoh)", VillageCode: "52.03.13.2001", Coverage: "desa",
		LaunchDate: d("2019-07-22"), Criteria: []string{"miskin_tinggi"}, Description: contoh})
	waringin := l.kampung(kampungkb.Kampung{Name: "Waringin Asri (contoh)", VillageCode: "52.03.13.2012", Coverage: "rw", CoverageDetail: "RW 03",
		LaunchDate: d("2021-05-17"), Criteria: []string{"terpencil"}, Description: contoh})
	kembangKuning := l.kampung(kampungkb.Kampung{Name: "Kembang Kuning Lestari (contoh)", VillageCode: "52.03.04.2007", Coverage: "desa",
		LaunchDate: d("2022-08-10"), Criteria: []string{"terpencil"}, AreaTypes: []string{"wisata"}, Description: contoh})
	tetebatu := l.kampung(kampungkb.Kampung{Name: "Tetebatu Selatan Berdaya (contoh)", VillageCode: "52.03.04.2011", Coverage: "desa",
		LaunchDate: d("2023-02-14"), Criteria: []string{"kb_rendah", "miskin_tinggi"}, AreaTypes: []string{"wisata"}, Description: contoh})
	majidi := l.kampung(kampungkb.Kampung{Name: "Majidi Harmoni (contoh)", VillageCode: "52.03.07.1006", Coverage: "desa",
		LaunchDate: d("2023-09-01"), Criteria: []string{"kb_rendah"}, Description: contoh})
	dasanBorok := l.kampung(kampungkb.Kampung{Name: "Dasan Borok Mandiri (contoh)", VillageCode: "52.03.13.2008", Coverage: "dusun", CoverageDetail: "Dusun Borok Timur",
		LaunchDate: d("2024-06-29"), Criteria: []string{"miskin_tinggi"}, Description: contoh + " Belum ada kegiatan mitra: contoh Kampung KB yang belum terjangkau."})
	_ = l.kampung(kampungkb.Kampung{Name: "Rakam Bersinar (contoh)", VillageCode: "52.03.07.1007", Coverage: "desa",
		LaunchDate: d("2025-01-20"), Description: contoh + " Belum ada kegiatan mitra."})

	// Partners (domain.md §7.2, §7.3, §7.6).
	muslimatNW := l.partner(kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan", Regions: []string{"52"},
		Notes: "Organisasi perempuan Nahdlatul Wathan, dengan anggota sampai tingkat RT/RW. Bermitra dengan BKKBN (MoU) sejak 2008."})
	muslimatPancor := l.partner(kampungkb.Partner{Name: "Muslimat NW Pancor", Category: "ormas_keagamaan", ParentID: muslimatNW,
		Regions: []string{"52.03.07"}, Address: "Pancor, Selong, Lombok Timur",
		Contacts: []kampungkb.Contact{{Name: "Ketua Muslimat NW Pancor (contoh)", Position: "Ketua"}}})
	rkb := l.partner(kampungkb.Partner{Name: "Rumah Kreatif BUMN Pertamina Pancor", Category: "bumn_bumd", Regions: []string{"52.03"},
		Address: "Pancor, Selong, Lombok Timur",
		Notes:   "Rumah Kreatif BUMN binaan Pertamina: pelatihan bagi usaha mikro (peningkatan kompetensi, akses pemasaran, akses permodalan)."})
	ipekb := l.partner(kampungkb.Partner{Name: "IPeKB DPD NTB", Category: "organisasi_profesi", Regions: []string{"52"},
		Notes: "Ikatan Penyuluh Keluarga Berencana, Dewan Pengurus Daerah Nusa Tenggara Barat."})
	ipekbLotim := l.partner(kampungkb.Partner{Name: "IPeKB DPC Lombok Timur", Category: "organisasi_profesi", ParentID: ipekb, Regions: []string{"52.03"},
		Notes: "Dewan Pengurus Cabang Kabupaten Lombok Timur."})
	puskesmas := l.partner(kampungkb.Partner{Name: "Puskesmas Suralaga (contoh)", Category: "opd", Institution: "30", Regions: []string{"52.03.13"}, Notes: contoh})
	univ := l.partner(kampungkb.Partner{Name: "Universitas Hamzanwadi — KKN Tematik (contoh)", Category: "perguruan_tinggi", Regions: []string{"52.03"}, Notes: contoh})
	pemdes := l.partner(kampungkb.Partner{Name: "Pemerintah Desa Tumbuh Mulia", Category: "pemerintah_desa", Regions: []string{"52.03.13.2007"}})

	// Agreements (domain.md §7.1). The 2008 MoU's day and month are not
	// known; the demo uses 1 January.
	mou := l.agreement(kampungkb.Agreement{Type: "mou", Number: "(contoh nomor)/2008",
		Title:    "Nota Kesepahaman BKKBN Perwakilan NTB dan Muslimat NW tentang Program KB dan Pembangunan Keluarga",
		SignedOn: d("2008-01-01"), Functions: []string{"keagamaan", "reproduksi", "pendidikan"}, Areas: []string{"kb_kr", "kie_advokasi", "pembangunan_keluarga"},
		Parties: []kampungkb.Party{{Kind: "bkkbn", Name: "BKKBN Perwakilan Provinsi Nusa Tenggara Barat", RegionCode: "52"},
			{Kind: "mitra", PartnerID: muslimatNW}},
		Description: "Kerja sama sejak 2008. Tanggal penandatanganan tepat tidak diketahui; tanggal 1 Januari 2008 dipakai sebagai pengganti."})
	pksEnd := l.today.AddDays(45)
	pks := l.agreement(kampungkb.Agreement{Type: "pks", Number: "(contoh) 12/PKS/DP3AKB/2024", ParentID: mou,
		Title:    "PKS Penyuluhan Pencegahan Perkawinan Anak dan Stunting di Kecamatan Selong (contoh)",
		SignedOn: pksEnd.AddMonths(-24), ValidTo: pksEnd, Functions: []string{"keagamaan", "perlindungan"}, Areas: []string{"stunting"},
		Parties: []kampungkb.Party{{Kind: "opd_kb", Name: "DP3AKB Kabupaten Lombok Timur", RegionCode: "52.03"},
			{Kind: "mitra", PartnerID: muslimatPancor}},
		Description: contoh + " Berakhir dalam 45 hari sejak data contoh dimuat, supaya beranda menampilkan perjanjian yang akan berakhir."})
	rkbPKS := l.agreement(kampungkb.Agreement{Type: "pks", Number: "(contoh) 03/RKB-PCR/2019",
		Title:    "PKS Pembinaan UPPKA Kampung KB Tumbuh Jaya oleh Rumah Kreatif BUMN Pertamina Pancor (contoh)",
		SignedOn: d("2019-11-01"), ValidTo: d("2021-10-31"), Functions: []string{"ekonomi"}, Areas: []string{"pemberdayaan_ekonomi"},
		Parties: []kampungkb.Party{{Kind: "mitra", PartnerID: rkb}, {Kind: "kampung", KampungID: tumbuhJaya},
			{Kind: "desa", Name: "Pemerintah Desa Tumbuh Mulia", RegionCode: "52.03.13.2007"}},
		Description: contoh})
	univMoU := l.agreement(kampungkb.Agreement{Type: "mou", Number: "(contoh) 07/UH/2025",
		Title:    "Nota Kesepahaman KKN Tematik Stunting di Kampung KB Lombok Timur (contoh)",
		SignedOn: d("2025-03-03"), ValidTo: d("2027-03-02"), Areas: []string{"stunting", "pendidikan"}, Functions: []string{"pendidikan"},
		Parties:     []kampungkb.Party{{Kind: "opd_kb", Name: "DP3AKB Kabupaten Lombok Timur", RegionCode: "52.03"}, {Kind: "mitra", PartnerID: univ}},
		Description: contoh})

	l.activities(ids{tumbuhJaya: tumbuhJaya, pancor: pancor, anjani: anjani, waringin: waringin, kembangKuning: kembangKuning,
		tetebatu: tetebatu, majidi: majidi, dasanBorok: dasanBorok, muslimatNW: muslimatNW, muslimatPancor: muslimatPancor,
		rkb: rkb, ipekb: ipekb, ipekbLotim: ipekbLotim, puskesmas: puskesmas, univ: univ, pemdes: pemdes,
		mou: mou, pks: pks, rkbPKS: rkbPKS, univMoU: univMoU})
}

// ids are the records activities refer to.
type ids struct {
	tumbuhJaya, pancor, anjani, waringin, kembangKuning, tetebatu, majidi, dasanBorok int64
	muslimatNW, muslimatPancor, rkb, ipekb, ipekbLotim, puskesmas, univ, pemdes       int64
	mou, pks, rkbPKS, univMoU                                                         int64
}
