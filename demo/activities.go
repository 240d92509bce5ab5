package demo

import "kampungkb"

func (l *loader) activity(a kampungkb.Activity) int64 {
	l.do("kegiatan "+a.Title, func() error { return l.db.CreateActivity(l.ctx, &a) })
	l.sum.Activities++
	return a.ID
}

func (l *loader) contribution(c kampungkb.Contribution) {
	l.do("kontribusi "+c.Description, func() error { return l.db.CreateContribution(l.ctx, &c) })
	l.sum.Contributions++
}

// activities loads the seed's training and example activities and
// contributions. Dates of example records are relative to today, so that
// "this year" views always show something.
func (l *loader) activities(x ids) {
	// The seed: on 10 December 2019 Rumah Kreatif BUMN Pertamina Pancor
	// trained the Pokja ekonomi of Kampung KB Tumbuh Jaya in making
	// accessories (domain.md §7.6).
	training := l.activity(kampungkb.Activity{
		Title: "Pelatihan membuat aksesoris (kalung, gelang, gantungan kunci) bagi Pokja Ekonomi Kampung KB Tumbuh Jaya",
		Date:  d("2019-12-10"), StartTime: "09:00", EndTime: "15:00", Place: "Sekretariat Kampung KB Tumbuh Jaya, Dusun Dasan Tumbu",
		KampungIDs: []int64{x.tumbuhJaya}, Category: "ekonomi", Type: "pelatihan", PartnerIDs: []int64{x.rkb},
		Institutions: []string{"9", "27"}, Targets: []string{"pus", "keluarga_balita"},
		ParticipantsFemale: 25, AgreementID: x.rkbPKS,
		Description: "Rumah Kreatif BUMN Pertamina Pancor melatih anggota Pokja seksi ekonomi dan kelompok UPPKA membuat kalung, gelang dan gantungan kunci untuk dijual.",
		Outcome:     "Peserta membuat contoh produk; pemasaran dibantu melalui jaringan Rumah Kreatif BUMN. (Jumlah peserta: contoh.)",
	})
	l.contribution(kampungkb.Contribution{PartnerID: x.rkb, ActivityID: training, KampungID: x.tumbuhJaya, AgreementID: x.rkbPKS,
		Kind: "barang", Amount: 1500000, Date: d("2019-12-10"), Beneficiaries: 25,
		Description: "Bahan pelatihan: manik-manik, tali, pengait gantungan kunci (nilai contoh)."})
	l.contribution(kampungkb.Contribution{PartnerID: x.rkb, ActivityID: training, KampungID: x.tumbuhJaya, AgreementID: x.rkbPKS,
		Kind: "jasa", Amount: 750000, Date: d("2019-12-10"), Beneficiaries: 25,
		Description: "Instruktur pelatihan dan pendampingan pemasaran (nilai contoh)."})

	t := l.today
	y := func(days int) kampungkb.Date { return t.AddDays(-days) }
	examples := []kampungkb.Activity{
		{Title: "Penyuluhan pencegahan perkawinan anak di majelis taklim (contoh)", Date: y(20), StartTime: "15:30", Place: "Masjid Pancor",
			KampungIDs: []int64{x.pancor, x.majidi}, Category: "keagamaan", Type: "penyuluhan", PartnerIDs: []int64{x.muslimatPancor},
			Institutions: []string{"32", "18"}, Targets: []string{"remaja", "remaja_putri", "catin"}, ParticipantsFemale: 48, ParticipantsMale: 6, AgreementID: x.pks},
		{Title: "Kelas ibu hamil dan pemantauan gizi balita (contoh)", Date: y(35), StartTime: "08:00", Place: "Posyandu Melati, Tumbuh Mulia",
			KampungIDs: []int64{x.tumbuhJaya}, Category: "reproduksi", Type: "posyandu", PartnerIDs: []int64{x.puskesmas, x.muslimatNW},
			Institutions: []string{"30", "32"}, Targets: []string{"ibu_hamil", "baduta", "balita_24_59"}, ParticipantsFemale: 37},
		{Title: "Pelayanan KB MKJP keliling (contoh)", Date: y(60), StartTime: "09:00", Place: "Kantor Desa Anjani",
			KampungIDs: []int64{x.anjani, x.waringin}, Category: "reproduksi", Type: "pelayanan_kb", PartnerIDs: []int64{x.puskesmas, x.ipekbLotim},
			Institutions: []string{"30", "26"}, Targets: []string{"pus"}, ParticipantsFemale: 31},
		{Title: "KKN tematik: pendataan keluarga berisiko stunting (contoh)", Date: y(90), Place: "Desa Kembang Kuning",
			KampungIDs: []int64{x.kembangKuning}, Category: "pendidikan", Type: "lainnya", PartnerIDs: []int64{x.univ},
			Institutions: []string{"28"}, Targets: []string{"keluarga_balita"}, ParticipantsMale: 8, ParticipantsFemale: 12, AgreementID: x.univMoU},
		{Title: "Rapat koordinasi Pokja dan pemerintah desa (contoh)", Date: y(14), StartTime: "10:00", EndTime: "12:00", Place: "Kantor Desa Tumbuh Mulia",
			KampungIDs: []int64{x.tumbuhJaya}, Category: "lainnya", Type: "rapat", PartnerIDs: []int64{x.pemdes, x.ipekbLotim},
			Institutions: []string{"27"}, Targets: []string{"seluruh_penduduk"}, ParticipantsMale: 9, ParticipantsFemale: 7},
		{Title: "Bimbingan BKB: stimulasi tumbuh kembang (contoh)", Date: y(5), StartTime: "09:00", Place: "Balai Dusun Dasan Tumbu",
			KampungIDs: []int64{x.tumbuhJaya}, Category: "cinta_kasih", Type: "penyuluhan", PartnerIDs: []int64{x.muslimatPancor},
			Institutions: []string{"32"}, Targets: []string{"keluarga_balita"}, ParticipantsFemale: 22},
		{Title: "Gotong royong jamban sehat (contoh)", Date: y(120), Place: "Tetebatu Selatan",
			KampungIDs: []int64{x.tetebatu}, Category: "lingkungan", Type: "bantuan", PartnerIDs: []int64{x.pemdes},
			Institutions: []string{"27", "19"}, Targets: []string{"seluruh_penduduk"}, ParticipantsMale: 30, ParticipantsFemale: 10},
		{Title: "Sosialisasi Kampung KB oleh PKB tanpa mitra (contoh)", Date: y(40), Place: "Dasan Borok",
			KampungIDs: []int64{x.dasanBorok}, Category: "pendidikan", Type: "penyuluhan",
			Institutions: []string{"26"}, Targets: []string{"seluruh_penduduk"}, ParticipantsMale: 15, ParticipantsFemale: 20},
		{Title: "Pelatihan pengemasan produk UPPKA (contoh)", Date: d("2023-08-17"), Place: "Rumah Kreatif BUMN Pancor",
			KampungIDs: []int64{x.tumbuhJaya, x.pancor}, Category: "ekonomi", Type: "pelatihan", PartnerIDs: []int64{x.rkb},
			Institutions: []string{"9"}, Targets: []string{"pus"}, ParticipantsFemale: 18},
	}
	var ids []int64
	for _, a := range examples {
		ids = append(ids, l.activity(a))
	}
	if l.err != nil {
		return
	}
	l.contribution(kampungkb.Contribution{PartnerID: x.muslimatPancor, ActivityID: ids[0], KampungID: x.pancor, AgreementID: x.pks,
		Kind: "tenaga", Amount: 0, Date: y(20), Beneficiaries: 54, Description: "Dai dan kader Muslimat sebagai penyuluh (contoh)."})
	l.contribution(kampungkb.Contribution{PartnerID: x.muslimatNW, ActivityID: ids[1], Kind: "barang", Amount: 2400000, Date: y(35),
		Beneficiaries: 37, Description: "Makanan tambahan (telur, kacang hijau) untuk ibu hamil dan balita (contoh)."})
	l.contribution(kampungkb.Contribution{PartnerID: x.univ, KampungID: x.kembangKuning, AgreementID: x.univMoU, Kind: "tenaga", Amount: 0,
		Date: y(90), Beneficiaries: 120, Description: "20 mahasiswa KKN selama 30 hari (contoh)."})
	l.contribution(kampungkb.Contribution{PartnerID: x.pemdes, KampungID: x.tetebatu, ActivityID: ids[6], Kind: "uang", Amount: 5000000,
		Date: y(120), Beneficiaries: 12, Description: "Dana Desa untuk bahan jamban sehat (contoh)."})
	l.contribution(kampungkb.Contribution{PartnerID: x.rkb, KampungID: x.tumbuhJaya, ActivityID: ids[8], Kind: "uang", Amount: 3000000,
		Date: d("2023-08-17"), Beneficiaries: 18, Description: "Modal awal kemasan produk UPPKA (contoh)."})
	l.contribution(kampungkb.Contribution{PartnerID: x.ipekbLotim, KampungID: x.anjani, ActivityID: ids[2], Kind: "jasa", Amount: 0,
		Date: y(60), Beneficiaries: 31, Description: "Konseling KB oleh penyuluh (contoh)."})
}
