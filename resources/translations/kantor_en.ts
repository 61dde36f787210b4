<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
    <context>
        <name>AreaPage</name>
        <message>
            <location filename="../../kantor_app/ui/settings/area.py" line="65" />
            <source>Surat ditembuskan ke dinas tenaga kerja provinsi dan kab/kota perusahaan, dengan nama di tabel ini. Centang kab/kota wilayah kerja cabang: surat ke perusahaan di luar wilayah kerja perlu konfirmasi.</source>
            <translation>Letters send copies (tembusan) to the labour offices of the employer's province and kab/kota, by the names in this table. Tick the kab/kota of the branch's service area: letters to employers outside it need a confirmation.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/area.py" line="76" />
            <source>Kode</source>
            <translation>Code</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/area.py" line="77" />
            <source>Wilayah (centang: wilayah kerja)</source>
            <translation>Region (ticked: service area)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/area.py" line="78" />
            <source>Dinas tenaga kerja</source>
            <translation>Labour office</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/area.py" line="91" />
            <source>Simpan</source>
            <translation>Save</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/area.py" line="104" />
            <source>Wilayah kerja</source>
            <translation>Service area</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/area.py" line="141" />
            <source>Nama dinas paling banyak %1 huruf.</source>
            <translation>An office name has at most %1 characters.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/area.py" line="176" />
            <source>Dinas tenaga kerja dan wilayah kerja tersimpan.</source>
            <translation>Labour offices and service area saved.</translation>
        </message>
    </context>
    <context>
        <name>BatchDelivery</name>
        <message>
            <location filename="../../kantor_app/ui/letters/batch_delivery.py" line="37" />
            <source>Tandai semua dikirim…</source>
            <translation>Mark all sent…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/batch_delivery.py" line="55" />
            <source>Dikirim %1</source>
            <translation>Sent %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/batch_delivery.py" line="61" />
            <source>Mencatat %1 surat</source>
            <translation>Recording %1 letter(s)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/batch_delivery.py" line="65" />
            <source>Pengiriman surat tidak dicatat</source>
            <translation>Delivery not recorded</translation>
        </message>
    </context>
    <context>
        <name>BatchRadio</name>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/letters/jakon_batch.py" line="43" />
            <source>Semua kontraktor dengan paket Jakon terlambat (%n)</source>
            <translation>
                <numerusform>The contractor with an overdue Jakon package (%n)</numerusform>
                <numerusform>All contractors with overdue Jakon packages (%n)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/letters/jakon_batch.py" line="45" />
            <source>Semua tidak patuh dengan filter ini (%n)</source>
            <translation>
                <numerusform>All non-compliant employers in this filter (%n)</numerusform>
                <numerusform>All non-compliant employers in this filter (%n)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>CasesPanel</name>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="47" />
            <source>Dibuka</source>
            <translation>Opened</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="46" />
            <source>Pelanggaran</source>
            <translation>Violations</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="43" />
            <source>Tahap</source>
            <translation>Step</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="44" />
            <source>Langkah berikutnya</source>
            <translation>Next step</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="45" />
            <source>Boleh sejak</source>
            <translation>Allowed from</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="67" />
            <source>Dasar denda…</source>
            <translation>Fine base…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="69" />
            <source>Kasus tanpa tunggakan: isi iuran yang seharusnya dibayar, dasar denda 0,1%</source>
            <translation>Case without arrears: enter the contributions owed, the base of the 0.1% fine</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="73" />
            <source>Tutup kasus…</source>
            <translation>Close case…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="75" />
            <source>Tutup kasus yang dipilih: patuh, selesai, atau dicabut dengan alasan</source>
            <translation>Close the selected case: complied, resolved, or withdrawn with a reason</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="87" />
            <source>Ditutup: %1</source>
            <translation>Closed: %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="107" />
            <source>belum dapat dihitung</source>
            <translation>not known yet</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="123" />
            <source>Belum ada kasus kepatuhan. Kasus dibuka oleh Teguran Tertulis I.</source>
            <translation>No compliance case yet. A Written Warning I opens a case.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="132" />
            <source>Pelanggaran: %1</source>
            <translation>Violations: %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="133" />
            <source>Surat: %1</source>
            <translation>Letters: %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="136" />
            <source>Dasar denda: %1</source>
            <translation>Fine base: %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="139" />
            <source>Jangka waktu surat terakhir berakhir %1</source>
            <translation>The latest letter's period ends %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/cases_view.py" line="144" />
            <source>Ditutup %1: %2</source>
            <translation>Closed %1: %2</translation>
        </message>
    </context>
    <context>
        <name>CloseCaseDialog</name>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="26" />
            <source>Tutup kasus kepatuhan</source>
            <translation>Close compliance case</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="28" />
            <source>Kasus %1 (%2), tahap %3.</source>
            <translation>Case %1 (%2), step %3.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="38" />
            <source>Patuh: kewajiban sudah dipenuhi</source>
            <translation>Complied: the obligations are met</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="39" />
            <source>Selesai: proses sanksi sudah tuntas (keterangan wajib diisi)</source>
            <translation>Resolved: the sanction process is complete (a note is required)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="40" />
            <source>Dicabut: kasus ditarik (alasan wajib diisi)</source>
            <translation>Withdrawn: the case is dropped (a reason is required)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="43" />
            <source>&amp;Alasan:</source>
            <translation>&amp;Reason:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="47" />
            <source>&amp;Tanggal:</source>
            <translation>&amp;Date:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="50" />
            <source>mis. tunggakan dilunasi 3 Desember, bukti setor terlampir</source>
            <translation>e.g. arrears paid on 3 December, receipt attached</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="53" />
            <source>&amp;Keterangan:</source>
            <translation>&amp;Note:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="59" />
            <source>Tuliskan alasan pencabutan kasus.</source>
            <translation>Write the reason for withdrawing the case.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/close_case_dialog.py" line="61" />
            <source>Tuliskan bagaimana kasus ini selesai.</source>
            <translation>Write how this case was resolved.</translation>
        </message>
    </context>
    <context>
        <name>DecreeDateDelegate</name>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="103" />
            <source>mis. 28-11-2025</source>
            <translation>e.g. 28-11-2025</translation>
        </message>
    </context>
    <context>
        <name>EmployerDetailPane</name>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="95" />
            <source>Pilih perusahaan di tabel untuk melihat rinciannya.</source>
            <translation>Select an employer in the table to see its details.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="145" />
            <source>Alasan status</source>
            <translation>Status reasons</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="161" />
            <source>Nomor</source>
            <translation>Number</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="162" />
            <source>Jenis</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="163" />
            <location filename="../../kantor_app/ui/employers/detail.py" line="216" />
            <source>Tanggal</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="164" />
            <source>Batas waktu</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="165" />
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="186" />
            <source>Tandai dicetak</source>
            <translation>Mark printed</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="187" />
            <source>Tandai dikirim…</source>
            <translation>Mark sent…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="189" />
            <source>Tandai dijawab…</source>
            <translation>Mark answered…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="190" />
            <source>Cetak ulang…</source>
            <translation>Reprint…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="113" />
            <source>Surat</source>
            <translation>Letters</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="202" />
            <source>Periode</source>
            <translation>Period</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="203" />
            <source>Iuran</source>
            <translation>Contribution</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="204" />
            <source>Dibayar</source>
            <translation>Paid</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="205" />
            <source>Tanggal bayar</source>
            <translation>Payment date</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="206" />
            <source>Kurang bayar</source>
            <translation>Shortfall</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="116" />
            <source>Riwayat iuran</source>
            <translation>Contribution history</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="217" />
            <source>Sumber</source>
            <translation>Source</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="218" />
            <source>TK ditemukan</source>
            <translation>Workers found</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="219" />
            <source>Upah ditemukan</source>
            <translation>Wages found</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="220" />
            <source>Petugas</source>
            <translation>Officer</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="221" />
            <source>Selesai</source>
            <translation>Resolved</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="222" />
            <source>Catatan</source>
            <translation>Notes</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="117" />
            <source>Temuan</source>
            <translation>Findings</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="115" />
            <source>Kasus sanksi</source>
            <translation>Sanction cases</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="118" />
            <source>Data perusahaan</source>
            <translation>Employer details</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="166" />
            <source>Dikirim</source>
            <translation>Sent</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="167" />
            <source>Diterima</source>
            <translation>Received</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="188" />
            <source>Catat diterima…</source>
            <translation>Record receipt…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="207" />
            <source>Denda belum dibayar</source>
            <translation>Late fee owed</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="265" />
            <source>NPP %1</source>
            <translation>NPP %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="267" />
            <source>belum terdaftar (tanpa NPP)</source>
            <translation>not registered (no NPP)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="280" />
            <source>Penilaian kepatuhan belum tersedia.</source>
            <translation>Compliance assessment not available yet.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="294" />
            <source>Harus dibayar: %1 (iuran %2 + denda keterlambatan %3)</source>
            <translation>Amount due: %1 (contributions %2 + late fees %3)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="311" />
            <source>dikirim %1</source>
            <translation>sent %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="326" />
            <source>Batas waktu sudah lewat tanpa jawaban</source>
            <translation>Deadline passed without a reply</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="345" />
            <source>Belum ada surat untuk perusahaan ini.</source>
            <translation>No letters for this employer yet.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="347" />
            <source>Pilih surat untuk mencatat status atau mencetak ulang.</source>
            <translation>Select a letter to record its status or reprint it.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="353" />
            <source>Tanggal %1, batas waktu %2</source>
            <translation>Dated %1, deadline %2</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="355" />
            <source>Tanggal %1; batas waktu dihitung setelah surat dikirim</source>
            <translation>Dated %1; the deadline is counted once the letter is sent</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="360" />
            <source>Dicetak %1</source>
            <translation>Printed %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="363" />
            <source>Dikirim %1</source>
            <translation>Sent %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="368" />
            <source>Dijawab %1: %2</source>
            <translation>Answered %1: %2</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="412" />
            <source>Bentuk usaha</source>
            <translation>Legal form</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="413" />
            <source>NPWP</source>
            <translation>NPWP</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="414" />
            <source>NIB</source>
            <translation>NIB</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="415" />
            <source>KBLI</source>
            <translation>KBLI</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="416" />
            <source>Skala usaha</source>
            <translation>Business size</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="417" />
            <source>Alamat</source>
            <translation>Address</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="418" />
            <source>Kab/Kota</source>
            <translation>Regency/City</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="419" />
            <source>Kontak</source>
            <translation>Contact</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="420" />
            <source>Kelas risiko JKK</source>
            <translation>JKK risk class</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="422" />
            <source>TK dilaporkan</source>
            <translation>Workers reported</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="426" />
            <source>Upah dilaporkan</source>
            <translation>Wages reported</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="429" />
            <source>Program</source>
            <translation>Programs</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/detail.py" line="429" />
            <source>(tidak ada)</source>
            <translation>(none)</translation>
        </message>
    </context>
    <context>
        <name>EmployerImports</name>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="50" />
            <source>Impor perusahaan…</source>
            <translation>Import employers…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="52" />
            <source>Impor daftar perusahaan</source>
            <translation>Import employer list</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="54" />
            <source>Impor iuran…</source>
            <translation>Import contributions…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="56" />
            <source>Impor data iuran bulanan</source>
            <translation>Import monthly contributions</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="64" />
            <source>Buku kerja Excel (*.xlsx);;Semua berkas (*)</source>
            <translation>Excel workbooks (*.xlsx);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="84" />
            <source>Membaca %1…</source>
            <translation>Reading %1…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="96" />
            <source>Impor selesai dengan baris ditolak</source>
            <translation>Import finished with rejected rows</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="98" />
            <source>Simpan daftar baris yang ditolak (dengan alasannya) sebagai buku kerja Excel?</source>
            <translation>Save the rejected rows (with the reasons) as an Excel workbook?</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="104" />
            <source>Impor selesai</source>
            <translation>Import finished</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="114" />
            <source>Simpan baris yang ditolak</source>
            <translation>Save rejected rows</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="114" />
            <source>Buku kerja Excel (*.xlsx)</source>
            <translation>Excel workbooks (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/imports.py" line="120" />
            <source>Gagal menyimpan</source>
            <translation>Could not save</translation>
        </message>
    </context>
    <context>
        <name>EmployerTableModel</name>
        <message>
            <location filename="../../kantor_app/ui/employers/model.py" line="60" />
            <source>NPP</source>
            <translation>NPP</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/model.py" line="61" />
            <source>Nama</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/model.py" line="62" />
            <source>Sektor</source>
            <translation>Sector</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/model.py" line="63" />
            <source>Kab/Kota</source>
            <translation>Regency/City</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/model.py" line="64" />
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/model.py" line="65" />
            <source>Tunggakan</source>
            <translation>Arrears</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/model.py" line="66" />
            <source>Surat terakhir</source>
            <translation>Last letter</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/model.py" line="170" />
            <source>(belum ada)</source>
            <translation>(none yet)</translation>
        </message>
    </context>
    <context>
        <name>EmployersTab</name>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="116" />
            <source>Semua status</source>
            <translation>All statuses</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="117" />
            <source>Semua tidak patuh</source>
            <translation>All non-compliant</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="121" />
            <source>Semua sektor</source>
            <translation>All sectors</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="129" />
            <location filename="../../kantor_app/ui/employers/tab.py" line="263" />
            <source>Semua kab/kota</source>
            <translation>All regencies/cities</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="131" />
            <source>Cari nama, NPP atau NPWP…</source>
            <translation>Search name, NPP or NPWP…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="137" />
            <source>Status:</source>
            <translation>Status:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="138" />
            <source>Sektor:</source>
            <translation>Sector:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="139" />
            <source>Kab/Kota:</source>
            <translation>Regency/City:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="166" />
            <source>Catat temuan pemeriksaan…</source>
            <translation>Record inspection finding…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="168" />
            <source>Jumlah tenaga kerja atau upah yang ditemukan saat pemeriksaan</source>
            <translation>Number of workers or wages found during an inspection</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="171" />
            <source>Catat pembayaran…</source>
            <translation>Record payment…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="171" />
            <source>Pembayaran iuran per bulan</source>
            <translation>Contribution payment for a month</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="174" />
            <source>Tandai temuan selesai…</source>
            <translation>Mark findings resolved…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="463" />
            <source>Tandai temuan selesai</source>
            <translation>Mark findings resolved</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="176" />
            <source>Tutup temuan yang belum selesai</source>
            <translation>Close the open findings</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="179" />
            <source>Terbitkan surat…</source>
            <translation>Issue letters…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="181" />
            <source>Surat teguran atau pemberitahuan untuk perusahaan terpilih atau hasil filter</source>
            <translation>Warning or notice letters for the selected employers or the filtered list</translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/employers/tab.py" line="290" />
            <source>%n perusahaan</source>
            <translation>
                <numerusform>%n employer</numerusform>
                <numerusform>%n employers</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="386" />
            <source>Tidak dapat disimpan</source>
            <translation>Could not be saved</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/tab.py" line="465" />
            <source>%1 tidak memiliki temuan yang belum selesai. Tunggakan iuran selesai dengan mencatat pembayarannya.</source>
            <translation>%1 has no open findings. Contribution arrears are settled by recording the payment.</translation>
        </message>
    </context>
    <context>
        <name>FindingDialog</name>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="29" />
            <source>Catat temuan pemeriksaan</source>
            <translation>Record inspection finding</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="36" />
            <source>Jumlah tenaga kerja ditemukan</source>
            <translation>Workers found</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="40" />
            <source> orang</source>
            <translation> people</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="41" />
            <source>Upah rata-rata ditemukan</source>
            <translation>Average wage found</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="44" />
            <source>nama petugas pemeriksa</source>
            <translation>name of the inspecting officer</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="46" />
            <source>mis. nomor berita acara, bagian yang diperiksa</source>
            <translation>e.g. report number, departments inspected</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="51" />
            <source>Tanggal pemeriksaan:</source>
            <translation>Inspection date:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="52" />
            <source>Sumber:</source>
            <translation>Source:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="55" />
            <source>Petugas:</source>
            <translation>Officer:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="56" />
            <source>Catatan:</source>
            <translation>Notes:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="60" />
            <source>Isi jumlah tenaga kerja atau upah yang ditemukan (atau keduanya).</source>
            <translation>Enter the number of workers or the wage found (or both).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="62" />
            <source>Jumlah tenaga kerja ditemukan harus lebih dari 0.</source>
            <translation>Workers found must be more than 0.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="64" />
            <source>Upah ditemukan harus lebih dari Rp0.</source>
            <translation>Wage found must be more than Rp0.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="66" />
            <source>Tanggal pemeriksaan tidak boleh di masa depan.</source>
            <translation>The inspection date cannot be in the future.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/finding_dialog.py" line="68" />
            <source>Sebutkan sumber temuan (inspeksi, survei, …).</source>
            <translation>State the source of the finding (inspection, survey, …).</translation>
        </message>
    </context>
    <context>
        <name>FineBaseDialog</name>
        <message>
            <location filename="../../kantor_app/ui/letters/fine_base_dialog.py" line="22" />
            <source>Dasar denda 0,1%</source>
            <translation>0.1% fine base</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/fine_base_dialog.py" line="25" />
            <source>Kasus %1 tidak memuat tunggakan iuran: denda dihitung dari iuran yang seharusnya dibayar. Isi jumlahnya dan sumbernya; surat denda menyebut keduanya.</source>
            <translation>Case %1 holds no arrears: the fine is counted on the contributions that should have been paid. Enter the amount and its source; the fine notice states both.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/fine_base_dialog.py" line="35" />
            <source>&amp;Iuran yang seharusnya dibayar:</source>
            <translation>&amp;Contributions owed:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/fine_base_dialog.py" line="38" />
            <source>mis. berita acara pemeriksaan nomor 12/BAP/XI/2026 tanggal 20 November 2026</source>
            <translation>e.g. inspection report no. 12/BAP/XI/2026 of 20 November 2026</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/fine_base_dialog.py" line="40" />
            <source>&amp;Sumber:</source>
            <translation>&amp;Source:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/fine_base_dialog.py" line="44" />
            <source>Isi iuran yang seharusnya dibayar.</source>
            <translation>Enter the contributions owed.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/fine_base_dialog.py" line="46" />
            <source>Sebutkan sumber angka tersebut.</source>
            <translation>Name the source of that figure.</translation>
        </message>
    </context>
    <context>
        <name>FormDialog</name>
        <message>
            <location filename="../../kantor_app/ui/widgets/form_dialog.py" line="39" />
            <source>Simpan</source>
            <translation>Save</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/widgets/form_dialog.py" line="40" />
            <source>Batal</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>HolidayPage</name>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="213" />
            <source>Tanggal</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="213" />
            <source>Nama hari libur</source>
            <translation>Holiday name</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="213" />
            <source>Dikonfirmasi</source>
            <translation>Confirmed</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="225" />
            <source>&amp;Tambah</source>
            <translation>&amp;Add</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="226" />
            <source>&amp;Hapus</source>
            <translation>&amp;Remove</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="233" />
            <source>Hari libur nasional dan cuti bersama menurut SKB tiga menteri. Tenggat surat dihitung dalam hari kerja tanpa hari-hari ini. Centang Dikonfirmasi setelah dicocokkan dengan SKB; tahun yang masih perkiraan diberi peringatan saat surat diterbitkan.</source>
            <translation>National holidays and collective leave days per the joint decree of three ministers (SKB). Letter deadlines are counted in working days without these days. Tick Confirmed once checked against the SKB; years still estimated give a warning when letters are issued.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="243" />
            <source>hari libur</source>
            <translation>holidays</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="308" />
            <source>Pilih dulu baris hari libur yang akan dihapus.</source>
            <translation>First select the holiday row to remove.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="317" />
            <source>Tersimpan: %1 hari libur tahun %2.</source>
            <translation>Saved: %1 holidays for %2.</translation>
        </message>
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="62" />
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="162" />
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="287" />
            <source>Impor daftar peserta</source>
            <translation>Import participant list</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="65" />
            <source>Belum ada berkas dipilih.</source>
            <translation>No file selected yet.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="67" />
            <source>Pilih berkas…</source>
            <translation>Choose file…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="78" />
            <source>Lembar:</source>
            <translation>Sheet:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="82" />
            <source>Kolom untuk setiap data</source>
            <translation>Column for each field</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="100" />
            <source>Uji coba saja (periksa tanpa menyimpan)</source>
            <translation>Dry run only (check without saving)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="103" />
            <source>Buka berkas baris ditolak</source>
            <translation>Open rejected-rows file</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="106" />
            <source>Impor</source>
            <translation>Import</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="109" />
            <source>Tutup</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="123" />
            <source>Baris pertama:</source>
            <translation>First rows:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="135" />
            <source>Pilih daftar peserta</source>
            <translation>Choose participant list</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="137" />
            <source>Buku kerja (*.xlsx *.xlsm *.xls *.ods);;Semua berkas (*)</source>
            <translation>Workbooks (*.xlsx *.xlsm *.xls *.ods);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="213" />
            <source>Judul kolom di baris %s</source>
            <translation>Column headings in row %s</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="229" />
            <source>(tidak ada)</source>
            <translation>(none)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="284" />
            <source>Mengimpor…</source>
            <translation>Importing…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="151" />
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="167" />
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="292" />
            <source>Membaca %s…</source>
            <translation>Reading %s…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="300" />
            <source>baru</source>
            <translation>new</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="301" />
            <source>diperbarui</source>
            <translation>updated</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="302" />
            <source>tidak berubah</source>
            <translation>unchanged</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="303" />
            <source>ditolak</source>
            <translation>rejected</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="304" />
            <source>peringatan</source>
            <translation>warnings</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="308" />
            <source>Uji coba selesai, tidak ada yang disimpan:</source>
            <translation>Dry run finished, nothing was saved:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="310" />
            <source>Impor selesai:</source>
            <translation>Import finished:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/import_dialog.py" line="327" />
            <source>Impor dibatalkan; basis data tidak berubah.</source>
            <translation>Import cancelled; the database is unchanged.</translation>
        </message>
    </context>
    <context>
        <name>IssueLettersDialog</name>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="83" />
            <source>Terbitkan surat</source>
            <translation>Issue letters</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="141" />
            <source>Jenis surat:</source>
            <translation>Letter type:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="163" />
            <source>&lt;b&gt;Penerima&lt;/b&gt;</source>
            <translation>&lt;b&gt;Recipients&lt;/b&gt;</translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="165" />
            <source>Perusahaan terpilih (%n)</source>
            <translation>
                <numerusform>Selected employer (%n)</numerusform>
                <numerusform>Selected employers (%n)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="181" />
            <source>Pilih…</source>
            <translation>Choose…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="185" />
            <source>Simpan berkas PDF di folder:</source>
            <translation>Save PDF files in folder:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="189" />
            <source>Setiap surat disimpan sebagai satu PDF, ditambah satu PDF gabungan untuk dicetak sekaligus. Nomor surat diberikan saat diterbitkan dan tidak pernah dipakai ulang.</source>
            <translation>Each letter is saved as its own PDF, plus one combined PDF to print them all at once. Letter numbers are assigned on issue and never reused.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="213" />
            <source>Batal</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="215" />
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="273" />
            <source>Terbitkan</source>
            <translation>Issue</translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="254" />
            <source>%n surat %1 akan diterbitkan.</source>
            <translation>
                <numerusform>%n letter (%1) will be issued.</numerusform>
                <numerusform>%n letters (%1) will be issued.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="263" />
            <source>%n perusahaan dilewati:</source>
            <translation>
                <numerusform>%n employer skipped:</numerusform>
                <numerusform>%n employers skipped:</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="266" />
            <source>… dan %n lainnya</source>
            <translation>
                <numerusform>… and %n more</numerusform>
                <numerusform>… and %n more</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="273" />
            <source>Terbitkan %n surat</source>
            <translation>
                <numerusform>Issue %n letter</numerusform>
                <numerusform>Issue %n letters</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="284" />
            <source>Pratinjau</source>
            <translation>Preview</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="285" />
            <source>Tidak ada surat untuk dipratinjau.</source>
            <translation>No letter to preview.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="291" />
            <source>Pratinjau surat pertama: &lt;b&gt;%1&lt;/b&gt; (nomor diberikan saat diterbitkan)</source>
            <translation>Preview of the first letter: &lt;b&gt;%1&lt;/b&gt; (number assigned on issue)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="305" />
            <source>Folder untuk berkas surat</source>
            <translation>Folder for the letter files</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="344" />
            <source>Menerbitkan surat</source>
            <translation>Issuing letters</translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="350" />
            <source>Menyiapkan %n surat…</source>
            <translation>
                <numerusform>Preparing %n letter…</numerusform>
                <numerusform>Preparing %n letters…</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="366" />
            <source>%n surat diterbitkan</source>
            <translation>
                <numerusform>%n letter issued</numerusform>
                <numerusform>%n letters issued</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="368" />
            <source>Jenis: %1
Nomor: %2
Folder: %3
PDF gabungan untuk dicetak: %4</source>
            <translation>Type: %1
Numbers: %2
Folder: %3
Combined PDF for printing: %4</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="396" />
            <source>Dibatalkan. Tidak ada surat yang diterbitkan; berkas yang sempat dibuat sudah dihapus.</source>
            <translation>Cancelled. No letters were issued; files already written have been deleted.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="420" />
            <source>Nomor</source>
            <translation>Number</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="420" />
            <source>Perusahaan</source>
            <translation>Employer</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="420" />
            <source>Berkas</source>
            <translation>File</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="432" />
            <source>Buka PDF gabungan</source>
            <translation>Open combined PDF</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="434" />
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="490" />
            <source>Cetak…</source>
            <translation>Print…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="436" />
            <source>Buka folder</source>
            <translation>Open folder</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="438" />
            <source>Tutup</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_dialog.py" line="468" />
            <source>PDF gabungan %1 tidak dapat dibaca: %2</source>
            <translation>Combined PDF %1 cannot be read: %2</translation>
        </message>
    </context>
    <context>
        <name>IssueSupport</name>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_support.py" line="36" />
            <source>Di luar wilayah kerja</source>
            <translation>Outside the service area</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_support.py" line="38" />
            <source>Terbitkan juga surat untuk perusahaan tersebut?</source>
            <translation>Issue the letters to these employers anyway?</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_support.py" line="39" />
            <source>Terbitkan juga</source>
            <translation>Issue anyway</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/issue_support.py" line="40" />
            <source>Batal</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="20" />
            <source>Belum Daftar</source>
            <translation>Not registered</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="21" />
            <source>PDS Tenaga Kerja</source>
            <translation>PDS Workers</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="22" />
            <source>PDS Upah</source>
            <translation>PDS Wages</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="23" />
            <source>PDS Program</source>
            <translation>PDS Programs</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="24" />
            <source>Menunggak</source>
            <translation>In arrears</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="25" />
            <source>Jakon Terlambat</source>
            <translation>Jakon overdue</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="26" />
            <source>Patuh</source>
            <translation>Compliant</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="54" />
            <source>Kelapa sawit</source>
            <translation>Oil palm</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="55" />
            <source>Konstruksi</source>
            <translation>Construction</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="56" />
            <source>Pertambangan</source>
            <translation>Mining</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="57" />
            <source>Perdagangan</source>
            <translation>Trade</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="58" />
            <source>Jasa</source>
            <translation>Services</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="59" />
            <source>Lainnya</source>
            <translation>Other</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="69" />
            <source>Teguran Tertulis I</source>
            <translation>Written Warning I</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="70" />
            <source>Teguran Tertulis II</source>
            <translation>Written Warning II</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="71" />
            <source>Pemberitahuan Denda 0,1%</source>
            <translation>0.1% fine notice</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="72" />
            <source>Permintaan TMP2T</source>
            <translation>TMP2T request</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="73" />
            <source>Pemberitahuan Tunggakan</source>
            <translation>Arrears Notice</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="74" />
            <source>Pengingat Jakon</source>
            <translation>Jakon Reminder</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="84" />
            <source>Teguran I</source>
            <translation>Warning I</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="85" />
            <source>Teguran II</source>
            <translation>Warning II</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="86" />
            <source>Denda 0,1%</source>
            <translation>0.1% fine</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="87" />
            <source>TMP2T</source>
            <translation>TMP2T</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="88" />
            <source>Tunggakan</source>
            <translation>Arrears</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="89" />
            <source>Jakon</source>
            <translation>Jakon</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="95" />
            <source>Diterbitkan</source>
            <translation>Issued</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="96" />
            <source>Dicetak</source>
            <translation>Printed</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="97" />
            <source>Dikirim</source>
            <translation>Sent</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="98" />
            <source>Diterima</source>
            <translation>Received</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="99" />
            <source>Dijawab</source>
            <translation>Answered</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="109" />
            <source>Mikro</source>
            <translation>Micro</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="110" />
            <source>Kecil</source>
            <translation>Small</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="111" />
            <source>Menengah</source>
            <translation>Medium</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/labels.py" line="112" />
            <source>Besar</source>
            <translation>Large</translation>
        </message>
    </context>
    <context>
        <name>LetterActions</name>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="113" />
            <source>Status surat tidak diubah</source>
            <translation>Letter status not changed</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="139" />
            <source>Mencatat %1 surat</source>
            <translation>Recording %1 letter(s)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="143" />
            <source>Pengiriman surat tidak dicatat</source>
            <translation>Delivery not recorded</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="161" />
            <source>Cetak…</source>
            <translation>Print…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="163" />
            <source>Simpan salinan PDF…</source>
            <translation>Save PDF copy…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="177" />
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="196" />
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="214" />
            <source>Cetak ulang</source>
            <translation>Reprint</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="186" />
            <source>Simpan salinan surat</source>
            <translation>Save letter copy</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="186" />
            <source>Dokumen PDF (*.pdf)</source>
            <translation>PDF documents (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="197" />
            <source>Berkas %1 tidak dapat ditulis: %2</source>
            <translation>File %1 cannot be written: %2</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="236" />
            <source>Kasus tidak ditutup</source>
            <translation>Case not closed</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/letter_actions.py" line="264" />
            <source>Dasar denda tidak disimpan</source>
            <translation>Fine base not saved</translation>
        </message>
    </context>
    <context>
        <name>LetterDelivery</name>
        <message>
            <location filename="../../kantor_app/ui/letters/delivery_text.py" line="23" />
            <source>belum dikirim</source>
            <translation>not sent yet</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/delivery_text.py" line="26" />
            <source>s.d. %1 (dari penerimaan)</source>
            <translation>until %1 (from receipt)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/delivery_text.py" line="28" />
            <source>s.d. %1 (perkiraan: dikirim + %2 hari kerja)</source>
            <translation>until %1 (estimate: sent + %2 working days)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/delivery_text.py" line="40" />
            <source>s.d. %1</source>
            <translation>until %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/delivery_text.py" line="41" />
            <source> (perkiraan)</source>
            <translation> (estimate)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/delivery_text.py" line="48" />
            <source>Diterima %1</source>
            <translation>Received %1</translation>
        </message>
    </context>
    <context>
        <name>LetterStatusDialog</name>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="37" />
            <source>Tandai surat dijawab</source>
            <translation>Mark letter answered</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="48" />
            <source>Tandai surat dikirim</source>
            <translation>Mark letter sent</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="44" />
            <source>Surat nomor %1</source>
            <translation>Letter number %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="38" />
            <source>Catat surat diterima</source>
            <translation>Record letter receipt</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="42" />
            <source> dan %1 lainnya</source>
            <translation> and %1 more</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="46" />
            <source>%1 surat: %2</source>
            <translation>%1 letters: %2</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="55" />
            <source>Tanggal jawaban:</source>
            <translation>Reply date:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="57" />
            <source>isi jawaban perusahaan, mis. akan melunasi tunggakan sebelum 30 Juni</source>
            <translation>the employer's reply, e.g. will settle the arrears before 30 June</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="59" />
            <source>Jawaban:</source>
            <translation>Reply:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="62" />
            <source>Tanggal diterima:</source>
            <translation>Date received:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="64" />
            <source>dari tanda terima, mis. diterima resepsionis a.n. Sari</source>
            <translation>from the delivery receipt, e.g. received by the receptionist, Sari</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="66" />
            <source>Catatan tanda terima:</source>
            <translation>Receipt note:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="68" />
            <source>Tanggal kirim:</source>
            <translation>Date sent:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="73" />
            <source>Tanggal tidak boleh di masa depan.</source>
            <translation>The date cannot be in the future.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/status_dialog.py" line="75" />
            <source>Tuliskan isi jawaban perusahaan.</source>
            <translation>Enter the employer's reply.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="44" />
            <source>Kantor — BPJS Ketenagakerjaan</source>
            <translation>Kantor — BPJS Ketenagakerjaan</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="68" />
            <location filename="../../kantor_app/ui/main_window.py" line="111" />
            <source>Peserta</source>
            <translation>Participants</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="69" />
            <location filename="../../kantor_app/ui/main_window.py" line="111" />
            <source>Perusahaan</source>
            <translation>Employers</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="70" />
            <location filename="../../kantor_app/ui/main_window.py" line="111" />
            <source>Penjangkauan</source>
            <translation>Outreach</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="81" />
            <source>&amp;Berkas</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="82" />
            <source>&amp;Buka basis data…</source>
            <translation>&amp;Open database…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="86" />
            <source>Sambungkan ke server &amp;PostgreSQL…</source>
            <translation>Connect to &amp;PostgreSQL server…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="89" />
            <source>&amp;Cadangkan basis data…</source>
            <translation>&amp;Back up database…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="99" />
            <source>Pen&amp;gaturan cabang…</source>
            <translation>Branch se&amp;ttings…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="104" />
            <source>&amp;Keluar</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="109" />
            <source>&amp;Tampilan</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="118" />
            <source>&amp;Muat ulang</source>
            <translation>&amp;Reload</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="122" />
            <source>&amp;Bahasa</source>
            <translation>&amp;Language</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="132" />
            <source>Ban&amp;tuan</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="133" />
            <source>&amp;Tentang Kantor</source>
            <translation>&amp;About Kantor</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="160" />
            <source>Basis data: %1</source>
            <translation>Database: %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="168" />
            <source>%1 peserta aktif · %2 perusahaan · %3 tidak patuh</source>
            <translation>%1 active participants · %2 employers · %3 non-compliant</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="201" />
            <location filename="../../kantor_app/ui/main_window.py" line="247" />
            <source>Buka basis data</source>
            <translation>Open database</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="203" />
            <source>Basis data Kantor (*.db);;Semua berkas (*)</source>
            <translation>Kantor databases (*.db);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="212" />
            <source>Server PostgreSQL</source>
            <translation>PostgreSQL server</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="213" />
            <source>Alamat basis data (postgresql+psycopg://pengguna:sandi@server/nama):</source>
            <translation>Database address (postgresql+psycopg://user:password@server/name):</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="245" />
            <source>Gagal membuka basis data</source>
            <translation>Could not open the database</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="274" />
            <location filename="../../kantor_app/ui/main_window.py" line="294" />
            <source>Cadangkan basis data</source>
            <translation>Back up database</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="274" />
            <source>Basis data (*.db)</source>
            <translation>Databases (*.db)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="287" />
            <location filename="../../kantor_app/ui/main_window.py" line="289" />
            <source>Cadangan</source>
            <translation>Backup</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="282" />
            <source>Cadangan tersimpan: %1</source>
            <translation>Backup saved: %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="306" />
            <source>Bahasa</source>
            <translation>Language</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="307" />
            <source>Bahasa antarmuka berganti setelah Kantor dibuka ulang.</source>
            <translation>The interface language changes after Kantor is restarted.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="314" />
            <source>Tentang Kantor</source>
            <translation>About Kantor</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/main_window.py" line="316" />
            <source>&lt;b&gt;Kantor&lt;/b&gt; %1&lt;br&gt;Peserta, kepatuhan perusahaan dan penjangkauan untuk kantor cabang BPJS Ketenagakerjaan di Kalimantan Timur dan Kalimantan Utara.&lt;br&gt;&lt;br&gt;Basis data: %2</source>
            <translation>&lt;b&gt;Kantor&lt;/b&gt; %1&lt;br&gt;Participants, employer compliance and outreach for BPJS Ketenagakerjaan branch offices in East and North Kalimantan.&lt;br&gt;&lt;br&gt;Database: %2</translation>
        </message>
    </context>
    <context>
        <name>MinimumWagePage</name>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="142" />
            <source>Kode</source>
            <translation>Code</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="143" />
            <source>Kabupaten/Kota</source>
            <translation>Regency/City</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="144" />
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="179" />
            <source>UMK</source>
            <translation>Minimum wage</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="145" />
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="182" />
            <source>Dikonfirmasi</source>
            <translation>Confirmed</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="146" />
            <source>Nomor SK Gubernur</source>
            <translation>Governor's decree number</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="147" />
            <source>Tanggal SK</source>
            <translation>Decree date</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="167" />
            <source>Upah minimum kabupaten/kota per SK Gubernur, dalam rupiah bulat. Surat hanya mengutip UMK yang Dikonfirmasi dengan Nomor dan Tanggal SK Gubernur; yang lain perkiraan dan suratnya ditolak. Kab/kota yang kosong memakai UMK tahun terakhir sebelumnya di layar. Status PDS Upah semua perusahaan dihitung ulang saat disimpan.</source>
            <translation>Regency/city minimum wage per the Governor's decree, in whole rupiah. Letters cite only a UMK marked Confirmed with the Governor's decree number and date; the others are estimates and their letters are refused. A regency/city left empty uses its latest earlier UMK on screen. The PDS Upah status of every employer is recomputed on saving.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="182" />
            <source>perkiraan</source>
            <translation>estimate</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="247" />
            <source>%1: '%2' bukan jumlah rupiah bulat lebih dari Rp0 (contoh: 3.579.313).</source>
            <translation>%1: '%2' is not a whole rupiah amount above Rp0 (e.g. 3.579.313).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="254" />
            <source>%1, Tanggal SK: %2</source>
            <translation>%1, decree date: %2</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="263" />
            <source>UMK tahun %1 tersimpan; status kepatuhan %2 perusahaan berubah.</source>
            <translation>Minimum wages for %1 saved; the compliance status of %2 employers changed.</translation>
        </message>
    </context>
    <context>
        <name>OutreachTab</name>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="123" />
            <source>Cakupan per Kab/Kota</source>
            <translation>Coverage by Regency/City</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="127" />
            <source>Program Pendanaan</source>
            <translation>Funding Programs</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="132" />
            <source>Kegiatan Lapangan</source>
            <translation>Field Activities</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="137" />
            <source>Paket SiRUP / Jakon</source>
            <translation>SiRUP Packages / Jakon</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="157" />
            <source>Tahun target</source>
            <translation>Target year</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="159" />
            <source>Segmen</source>
            <translation>Segment</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="160" />
            <source>Semua segmen</source>
            <translation>All segments</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="162" />
            <source>Penerima Upah (PU)</source>
            <translation>Wage earners (PU)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="163" />
            <source>Bukan Penerima Upah (BPU)</source>
            <translation>Non-wage earners (BPU)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="164" />
            <source>Jasa Konstruksi (Jakon)</source>
            <translation>Construction services (Jakon)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="165" />
            <source>Pekerja Rentan</source>
            <translation>Vulnerable workers</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="169" />
            <source>Tahun:</source>
            <translation>Year:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="172" />
            <source>Segmen:</source>
            <translation>Segment:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="188" />
            <location filename="../../kantor_app/ui/outreach/tab.py" line="251" />
            <location filename="../../kantor_app/ui/outreach/tab.py" line="303" />
            <source>Kab/Kota</source>
            <translation>Regency/City</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="190" />
            <source>Target</source>
            <translation>Target</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="196" />
            <source>Tercakup</source>
            <translation>Covered</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="202" />
            <source>Capaian</source>
            <translation>Achieved</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="213" />
            <source>Program</source>
            <translation>Program</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="214" />
            <source>Sumber dana</source>
            <translation>Funding source</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="215" />
            <source>Pemberi dana</source>
            <translation>Funder</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="217" />
            <source>Kuota</source>
            <translation>Quota</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="220" />
            <source>Anggota</source>
            <translation>Members</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="226" />
            <source>Realisasi</source>
            <translation>Realized</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="232" />
            <source>Rp/orang/bulan</source>
            <translation>Rp/person/month</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="238" />
            <source>Total per bulan</source>
            <translation>Total per month</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="247" />
            <source>Tanggal</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="248" />
            <source>Jenis</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="249" />
            <source>Kegiatan</source>
            <translation>Activity</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="256" />
            <source>Kecamatan</source>
            <translation>District</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="261" />
            <source>Desa/Kelurahan</source>
            <translation>Village</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="266" />
            <source>Pendaftar</source>
            <translation>Registrations</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="271" />
            <source>Petugas</source>
            <translation>Officer</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="276" />
            <source>Kode RUP</source>
            <translation>RUP code</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="277" />
            <source>Nama paket</source>
            <translation>Package name</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="279" />
            <source>Status Jakon</source>
            <translation>Jakon status</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="284" />
            <source>Didaftarkan {0}, nomor {1}</source>
            <translation>Registered {0}, no. {1}</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="291" />
            <source>Tgl SPK</source>
            <translation>SPK date</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="292" />
            <source>Batas daftar</source>
            <translation>Registration deadline</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="294" />
            <source>Penyedia</source>
            <translation>Contractor</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="299" />
            <source>Pagu</source>
            <translation>Budget ceiling</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="301" />
            <source>K/L/PD</source>
            <translation>K/L/PD</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="334" />
            <source>Memuat data penjangkauan</source>
            <translation>Loading outreach data</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="353" />
            <source>Data penjangkauan tidak dapat dimuat: {0}</source>
            <translation>Outreach data cannot be loaded: {0}</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="370" />
            <source>Total {0}: tercakup {1} dari target {2} ({3}).</source>
            <translation>Total {0}: {1} covered of a target of {2} ({3}).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="382" />
            <source>{0} program, {1} pekerja rentan didanai, {2} per bulan.</source>
            <translation>{0} programs, {1} vulnerable workers funded, {2} per month.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="390" />
            <source>{0} kegiatan, {1} pendaftar.</source>
            <translation>{0} activities, {1} registrations.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/tab.py" line="400" />
            <source>{0} paket konstruksi; {1} terlambat didaftarkan Jakon (lebih dari 14 hari kerja sejak SPK), {2} belum terdaftar.</source>
            <translation>{0} construction packages; {1} registered for Jakon late (more than 14 working days after the SPK), {2} not registered.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="37" />
            <source>Sosialisasi</source>
            <translation>Information session</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="38" />
            <source>Jemput bola</source>
            <translation>Door-to-door</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="39" />
            <source>Kampanye lapangan</source>
            <translation>Field campaign</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="46" />
            <source>APBD Provinsi</source>
            <translation>Provincial budget (APBD)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="47" />
            <source>APBD Kab/Kota</source>
            <translation>Regency/city budget (APBD)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="48" />
            <source>CSR</source>
            <translation>CSR</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="49" />
            <source>GN Lingkaran</source>
            <translation>GN Lingkaran</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="50" />
            <source>Mandiri</source>
            <translation>Self-funded</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="57" />
            <source>Terdaftar</source>
            <translation>Registered</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="58" />
            <source>Belum terdaftar</source>
            <translation>Not registered</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/outreach/cells.py" line="59" />
            <source>Terlambat</source>
            <translation>Late</translation>
        </message>
    </context>
    <context>
        <name>PaymentDialog</name>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="47" />
            <source>Catat pembayaran iuran atau denda</source>
            <translation>Record a contribution or late-fee payment</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="52" />
            <source>Iuran</source>
            <translation>Contribution</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="53" />
            <source>Denda keterlambatan</source>
            <translation>Late fee</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="64" />
            <source>nomor bukti bayar dari bank atau kanal</source>
            <translation>receipt number from the bank or channel</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="68" />
            <source>Jenis pembayaran:</source>
            <translation>Payment of:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="69" />
            <source>Bulan iuran:</source>
            <translation>Contribution month:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="70" />
            <source>Tahun:</source>
            <translation>Year:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="72" />
            <source>Jumlah dibayar:</source>
            <translation>Amount paid:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="73" />
            <source>Tanggal bayar:</source>
            <translation>Payment date:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="74" />
            <source>Nomor bukti bayar:</source>
            <translation>Receipt number:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="112" />
            <source>Denda keterlambatan belum dibayar %1</source>
            <translation>Late fee not yet paid %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="119" />
            <source>Belum ada tagihan tercatat untuk bulan ini.</source>
            <translation>No contribution billed for this month yet.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="122" />
            <source>Iuran %1, sudah dibayar %2, kurang %3</source>
            <translation>Contribution %1, paid %2, outstanding %3</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="132" />
            <source>Jumlah dibayar harus lebih dari Rp0.</source>
            <translation>The amount paid must be more than Rp0.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="134" />
            <source>Tanggal bayar tidak boleh di masa depan.</source>
            <translation>The payment date cannot be in the future.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/payment_dialog.py" line="139" />
            <source>Bulan iuran %1 belum tiba.</source>
            <translation>Contribution month %1 has not started yet.</translation>
        </message>
    </context>
    <context>
        <name>PreviewDialog</name>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="480" />
            <source>Pratinjau surat (contoh, belum disimpan)</source>
            <translation>Letter preview (sample, not saved)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="484" />
            <source>Tutup</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message>
            <location filename="../../kantor_app/ui/letters/printing.py" line="48" />
            <source>Printer tidak dapat dibuka.</source>
            <translation>The printer cannot be opened.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/printing.py" line="80" />
            <source>Cetak %1</source>
            <translation>Print %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/letters/printing.py" line="87" />
            <source>Gagal mencetak</source>
            <translation>Printing failed</translation>
        </message>
    </context>
    <context>
        <name>RegionPickers</name>
        <message>
            <location filename="../../kantor_app/ui/roster/regions.py" line="38" />
            <source>Semua kab/kota</source>
            <translation>All regencies/cities</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/regions.py" line="39" />
            <source>Semua kecamatan</source>
            <translation>All districts</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/regions.py" line="40" />
            <source>Semua desa/kelurahan</source>
            <translation>All villages</translation>
        </message>
    </context>
    <context>
        <name>ResolveDialog</name>
        <message>
            <location filename="../../kantor_app/ui/employers/resolve_dialog.py" line="28" />
            <source>Tandai temuan selesai</source>
            <translation>Mark findings resolved</translation>
        </message>
        <message numerus="yes">
            <location filename="../../kantor_app/ui/employers/resolve_dialog.py" line="32" />
            <source>%n temuan yang belum selesai akan ditutup hari ini. Tunggakan iuran tidak ikut dihapus: tunggakan selesai bila pembayarannya dicatat.</source>
            <translation>
                <numerusform>%n open finding will be closed today. Contribution arrears stay: they are settled when the payment is recorded.</numerusform>
                <numerusform>%n open findings will be closed today. Contribution arrears stay: they are settled when the payment is recorded.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/resolve_dialog.py" line="43" />
            <source>mis. seluruh pekerja sudah didaftarkan per 1 Juni, bukti terlampir</source>
            <translation>e.g. all workers registered as of 1 June, evidence attached</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/resolve_dialog.py" line="46" />
            <source>Keterangan:</source>
            <translation>Explanation:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/employers/resolve_dialog.py" line="50" />
            <source>Tuliskan keterangan penyelesaian (dasar penutupan kasus).</source>
            <translation>Explain the resolution (the grounds for closing the case).</translation>
        </message>
    </context>
    <context>
        <name>RosterTab</name>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="78" />
            <source>Cari NIK atau nama…</source>
            <translation>Search NIK or name…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="97" />
            <source>Semua segmen</source>
            <translation>All segments</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="103" />
            <source>Semua status</source>
            <translation>All statuses</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="180" />
            <source>Tambah…</source>
            <translation>Add…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="181" />
            <source>Ubah…</source>
            <translation>Edit…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="188" />
            <source>Nonaktifkan</source>
            <translation>Deactivate</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="192" />
            <source>Ekspor ke Excel…</source>
            <translation>Export to Excel…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="194" />
            <source>Impor daftar peserta…</source>
            <translation>Import participant list…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="199" />
            <source>Tambah peserta baru (Ctrl+N)</source>
            <translation>Add a new participant (Ctrl+N)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="200" />
            <source>Ubah data peserta (Enter)</source>
            <translation>Edit the participant (Enter)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="202" />
            <source>Nonaktifkan peserta (Del)</source>
            <translation>Deactivate the participant (Del)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="205" />
            <source>Simpan daftar sesuai filter ke berkas Excel</source>
            <translation>Save the filtered list to an Excel file</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="223" />
            <source>Semua program</source>
            <translation>All programs</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="267" />
            <source>%s peserta</source>
            <translation>%s participants</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="336" />
            <source>Nonaktifkan peserta</source>
            <translation>Deactivate participant</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="337" />
            <source>Nonaktifkan %1 (NIK %2)?
Data tetap disimpan dan dapat diaktifkan lagi.</source>
            <translation>Deactivate %1 (NIK %2)?
The data is kept and can be reactivated later.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="347" />
            <source>Menonaktifkan peserta</source>
            <translation>Deactivating participant</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="358" />
            <source>Ekspor daftar peserta</source>
            <translation>Export participant list</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="360" />
            <source>Buku kerja Excel (*.xlsx)</source>
            <translation>Excel workbooks (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="375" />
            <source>Ekspor selesai</source>
            <translation>Export finished</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="376" />
            <source>%1 peserta disimpan ke
%2</source>
            <translation>%1 participants saved to
%2</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/tab.py" line="381" />
            <source>Ekspor ke Excel</source>
            <translation>Export to Excel</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/query.py" line="67" />
            <source>Aktif</source>
            <translation>Active</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/query.py" line="67" />
            <source>Nonaktif</source>
            <translation>Inactive</translation>
        </message>
    </context>
    <context>
        <name>RosterTableModel</name>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="64" />
            <source>NIK</source>
            <translation>NIK</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="65" />
            <source>Nama</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="66" />
            <source>Tgl Lahir</source>
            <translation>Birth date</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="67" />
            <source>L/P</source>
            <translation>Sex</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="68" />
            <source>Kabupaten/Kota</source>
            <translation>Regency/City</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="69" />
            <source>Kecamatan</source>
            <translation>District</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="70" />
            <source>Desa/Kelurahan</source>
            <translation>Village</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="71" />
            <source>Pekerjaan</source>
            <translation>Occupation</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="72" />
            <source>Segmen</source>
            <translation>Segment</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="73" />
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/model.py" line="248" />
            <source>Peringatan:</source>
            <translation>Warnings:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/query.py" line="67" />
            <source>Aktif</source>
            <translation>Active</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/query.py" line="67" />
            <source>Nonaktif</source>
            <translation>Inactive</translation>
        </message>
    </context>
    <context>
        <name>RupiahDelegate</name>
        <message>
            <location filename="../../kantor_app/ui/settings/umk_table.py" line="54" />
            <source>kosong = hapus</source>
            <translation>empty = remove</translation>
        </message>
    </context>
    <context>
        <name>ServiceError</name>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="47" />
            <source>Nama wajib diisi.</source>
            <translation>The name is required.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="49" />
            <source>Segmen '{segment}' tidak dikenal.</source>
            <translation>Unknown segment '{segment}'.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="53" />
            <source>Status '{status}' tidak dikenal.</source>
            <translation>Unknown status '{status}'.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="57" />
            <source>Penghasilan tidak boleh negatif.</source>
            <translation>Income cannot be negative.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="59" />
            <source>Jenis kelamin harus L atau P.</source>
            <translation>Sex must be L (male) or P (female).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="88" />
            <source>Kode kabupaten/kota {regency} tidak dikenal.</source>
            <translation>Unknown regency/city code {regency}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="95" />
            <source>Kecamatan tidak berada di kabupaten/kota yang dipilih.</source>
            <translation>The district is not in the chosen regency/city.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="100" />
            <source>Kode kecamatan {district} tidak dikenal.</source>
            <translation>Unknown district code {district}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="107" />
            <source>Desa/kelurahan tidak berada di kecamatan yang dipilih.</source>
            <translation>The village is not in the chosen district.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="112" />
            <source>Kode desa/kelurahan {village} tidak dikenal.</source>
            <translation>Unknown village code {village}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="150" />
            <source>NIK {nik} sudah terdaftar pada peserta lain.</source>
            <translation>NIK {nik} is already registered to another worker.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/edit.py" line="166" />
            <location filename="../../kantor_app/services/roster/edit.py" line="185" />
            <source>Peserta ini sudah tidak ada di basis data.</source>
            <translation>This participant is no longer in the database.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/backup.py" line="19" />
            <source>Basis data ini ada di server PostgreSQL: cadangan dibuat di server (pg_dump) oleh pengelola server, bukan dari aplikasi.</source>
            <translation>This database is on a PostgreSQL server: backups are made on the server (pg_dump) by the server administrator, not from the application.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/backup.py" line="25" />
            <source>Berkas cadangan tidak boleh sama dengan basis data yang sedang dibuka.</source>
            <translation>The backup file cannot be the database that is currently open.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/backup.py" line="42" />
            <source>Cadangan gagal ditulis ke {target}: {reason}</source>
            <translation>The backup could not be written to {target}: {reason}</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/backup.py" line="50" />
            <source>Cadangan gagal: {reason}</source>
            <translation>Backup failed: {reason}</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/demo/fill.py" line="141" />
            <source>Jumlah pekerja dan perusahaan tidak boleh negatif.</source>
            <translation>The number of workers and employers cannot be negative.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/demo/fill.py" line="153" />
            <source>Basis data ini sudah berisi data. Data demo hanya dibuat di basis data kosong; gunakan berkas lain (--demo) atau pilihan --replace untuk mengganti isinya.</source>
            <translation>This database already holds data. Demo data is only created in an empty database; use another file (--demo) or the --replace option to replace its contents.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/demo/regions.py" line="57" />
            <source>Tabel wilayah Kalimantan Timur/Utara belum lengkap di basis data ini; jalankan migrasi terlebih dahulu.</source>
            <translation>The East/North Kalimantan region table is incomplete in this database; run the migrations first.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/compliance.py" line="101" />
            <source>{reason} Lengkapi tabel tarif (denda keterlambatan).</source>
            <translation>{reason} Complete the rate table (late payment fine).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/compliance.py" line="241" />
            <location filename="../../kantor_app/services/letters/content.py" line="261" />
            <location filename="../../kantor_app/services/letters/content.py" line="274" />
            <location filename="../../kantor_app/services/letters/issuing.py" line="275" />
            <location filename="../../kantor_app/services/letters/issuing.py" line="385" />
            <location filename="../../kantor_app/services/letters/sample.py" line="82" />
            <location filename="../../kantor_app/services/roster/edit.py" line="44" />
            <source>{reason}</source>
            <translation>{reason}</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/compliance.py" line="257" />
            <location filename="../../kantor_app/services/employers/findings.py" line="37" />
            <location filename="../../kantor_app/services/employers/registry.py" line="229" />
            <source>Perusahaan tidak ditemukan (mungkin sudah dihapus).</source>
            <translation>Employer not found (it may have been deleted).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/registry.py" line="106" />
            <source>{label} '{value}' tidak dikenal. Pilihan: {options}.</source>
            <translation>{label} '{value}' is not known. Choices: {options}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/registry.py" line="127" />
            <source>Nama perusahaan wajib diisi.</source>
            <translation>The employer name is required.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/registry.py" line="129" />
            <source>Nama perusahaan terlalu panjang (maks. 200 karakter).</source>
            <translation>The employer name is too long (max. 200 characters).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/registry.py" line="135" />
            <source>Program {programs} tidak dikenal. Pilihan: {options}.</source>
            <translation>Unknown program {programs}. Choices: {options}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/registry.py" line="146" />
            <source>{label} tidak boleh negatif.</source>
            <translation>{label} cannot be negative.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/registry.py" line="151" />
            <source>Kode kabupaten/kota '{regency}' tidak ada di tabel wilayah.</source>
            <translation>Regency/city code '{regency}' is not in the region table.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/registry.py" line="158" />
            <source>Versi KBLI '{version}' tidak dikenal ({options}).</source>
            <translation>Unknown KBLI version '{version}' ({options}).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/registry.py" line="166" />
            <source>Bentuk badan usaha terlalu panjang (maks. 20 karakter).</source>
            <translation>The legal form is too long (max. 20 characters).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/registry.py" line="211" />
            <source>NPP {npp} sudah dipakai perusahaan lain.</source>
            <translation>NPP {npp} is already used by another employer.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="63" />
            <source>Isi jumlah tenaga kerja ditemukan atau upah ditemukan.</source>
            <translation>Enter the number of workers found or the wages found.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="67" />
            <source>Jumlah tenaga kerja ditemukan tidak boleh negatif.</source>
            <translation>The number of workers found cannot be negative.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="71" />
            <source>Upah ditemukan harus lebih dari nol.</source>
            <translation>The wages found must be more than zero.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="73" />
            <source>Tanggal temuan tidak boleh sesudah hari ini.</source>
            <translation>The finding date cannot be after today.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="111" />
            <source>Jenis pembayaran '{kind}' tidak dikenal: pilih iuran atau denda.</source>
            <translation>Unknown payment kind '{kind}': choose contribution (iuran) or late fee (denda).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="117" />
            <source>Bulan {month} tidak valid (1–12).</source>
            <translation>Month {month} is not valid (1–12).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="119" />
            <source>Tahun {year} tidak valid.</source>
            <translation>Year {year} is not valid.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="121" />
            <source>Jumlah pembayaran harus lebih dari nol.</source>
            <translation>The payment amount must be more than zero.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="123" />
            <source>Tanggal bayar tidak boleh sesudah hari ini.</source>
            <translation>The payment date cannot be after today.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="284" />
            <source>Tulis keterangan penyelesaian (misalnya dasar penutupan kasus).</source>
            <translation>Write a resolution note (for example, the grounds for closing the case).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/findings.py" line="299" />
            <source>Perusahaan ini tidak memiliki temuan terbuka.</source>
            <translation>This employer has no open findings.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/eligibility.py" line="197" />
            <source>{count} perusahaan yang dipilih tidak ditemukan.</source>
            <translation>{count} of the selected employers were not found.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/eligibility.py" line="255" />
            <source>{kind} tidak dapat dibuat untuk {count} perusahaan:
{details}</source>
            <translation>{kind} cannot be created for {count} employer(s):
{details}</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/issuing.py" line="134" />
            <source>Pilih sedikitnya satu perusahaan.</source>
            <translation>Select at least one employer.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/issuing.py" line="277" />
            <source>Berkas surat tidak dapat ditulis ke {folder}: {reason}</source>
            <translation>The letter files could not be written to {folder}: {reason}</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/issuing.py" line="341" />
            <source>Nomor surat bentrok dengan surat yang sudah ada: penghitung nomor surat tampaknya pernah diubah. Periksa Pengaturan &gt; Penomoran surat.</source>
            <translation>The letter number clashes with an existing letter: the letter number counter seems to have been changed. Check Settings &gt; Letter numbering.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/kinds.py" line="33" />
            <source>Jenis surat '{kind}' tidak dikenal. Pilihan: {choices}.</source>
            <translation>Unknown letter type '{kind}'. Choices: {choices}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/numbering.py" line="76" />
            <source>Pola nomor surat '{pattern}' tidak valid ({reason}).</source>
            <translation>The letter number pattern '{pattern}' is not valid ({reason}).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/numbering.py" line="104" />
            <source>Basis data {dialect} tidak didukung untuk penomoran surat.</source>
            <translation>The {dialect} database is not supported for letter numbering.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/recipients.py" line="72" />
            <source>NPP tidak ditemukan: {npps}</source>
            <translation>NPP not found: {npps}</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/delivery.py" line="74" />
            <source>Nomor surat tidak ada di register: {numbers}. Periksa nomornya; tidak ada surat yang dicatat.</source>
            <translation>Letter number not in the register: {numbers}. Check the numbers; no letter was recorded.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/delivery.py" line="123" />
            <source>Pilih sedikitnya satu surat.</source>
            <translation>Choose at least one letter.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/delivery.py" line="132" />
            <location filename="../../kantor_app/services/letters/register.py" line="29" />
            <location filename="../../kantor_app/services/letters/register.py" line="71" />
            <source>Surat tidak ditemukan.</source>
            <translation>Letter not found.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/delivery.py" line="209" />
            <source>Surat {number}: tanggal {day} sesudah hari ini. Isi tanggal yang sudah terjadi; tidak ada surat yang dicatat.</source>
            <translation>Letter {number}: the date {day} is after today. Enter a date that has passed; no letter was recorded.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/delivery.py" line="217" />
            <source>Surat {number}: tanggal {day} sebelum tanggal surat ({issued_on}). Periksa tanggalnya; tidak ada surat yang dicatat.</source>
            <translation>Letter {number}: the date {day} is before the letter's date ({issued_on}). Check the date; no letter was recorded.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/delivery.py" line="227" />
            <source>Surat {number} sudah diikuti surat berikutnya: tanggal {recorded} yang tercatat tidak dapat diubah lagi. Tidak ada surat yang dicatat.</source>
            <translation>Letter {number} has already been followed by a next letter: its recorded date {recorded} can no longer be changed. No letter was recorded.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/delivery.py" line="236" />
            <source>Surat {number}: tanggal kirim {day} sesudah tanggal diterima ({received_on}). Periksa tanggalnya; tidak ada surat yang dicatat.</source>
            <translation>Letter {number}: the sending date {day} is after the date of receipt ({received_on}). Check the date; no letter was recorded.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/delivery.py" line="246" />
            <source>Surat {number} belum dicatat dikirim. Catat dulu tanggal kirimnya (Tandai dikirim…), lalu tanda terimanya; tidak ada surat yang dicatat.</source>
            <translation>Letter {number} is not recorded as sent. Record its sending date first (Mark as sent…), then its receipt; no letter was recorded.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/delivery.py" line="253" />
            <source>Surat {number}: tanggal diterima {day} sebelum tanggal kirim ({sent_on}). Periksa tanggalnya; tidak ada surat yang dicatat.</source>
            <translation>Letter {number}: the date of receipt {day} is before the sending date ({sent_on}). Check the date; no letter was recorded.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/register.py" line="32" />
            <source>Berkas surat {number} di basis data tidak cocok dengan sidik sha256-nya (rusak atau diubah). Jangan dicetak ulang; hubungi admin.</source>
            <translation>The file of letter {number} in the database does not match its sha256 fingerprint (damaged or altered). Do not reprint it; contact the administrator.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/register.py" line="62" />
            <source>Status surat '{status}' tidak dikenal. Pilihan: dicetak, dikirim, diterima, dijawab.</source>
            <translation>Unknown letter status '{status}'. Choices: dicetak (printed), dikirim (sent), diterima (received), dijawab (answered).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/register.py" line="73" />
            <source>Tanggal {day} sebelum tanggal surat ({issued_on}).</source>
            <translation>The date {day} is before the letter date ({issued_on}).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/register.py" line="84" />
            <source>Surat {number} sudah berstatus '{current}'; status tidak dapat dikembalikan ke '{status}'.</source>
            <translation>Letter {number} already has the status '{current}'; the status cannot go back to '{status}'.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/branch_settings.py" line="219" />
            <source>Pola nomor surat '{pattern}' tidak valid: {reason}.</source>
            <translation>The letter number pattern '{pattern}' is not valid: {reason}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/branch_settings.py" line="227" />
            <source>Pola nomor surat memakai kolom yang tidak dikenal: {unknown}. Yang boleh: {allowed}.</source>
            <translation>The letter number pattern uses unknown fields: {unknown}. Allowed: {allowed}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/branch_settings.py" line="235" />
            <source>Pola nomor surat harus memuat nomor urut {seq} atau {seq3}.</source>
            <translation>The letter number pattern must contain the running number {seq} or {seq3}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/branch_settings.py" line="242" />
            <source>Pola nomor surat harus memuat tahun {tahun}.</source>
            <translation>The letter number pattern must contain the year {tahun}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/branch_settings.py" line="250" />
            <source>Waktu antar surat {days} hari kerja di luar batas: isi 0 sampai {maximum} hari kerja.</source>
            <translation>A delivery allowance of {days} working days is out of range: enter 0 to {maximum} working days.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="99" />
            <source>Baris {row}: tanggal {day} bukan tahun {year}. Tabel ini hanya untuk hari libur tahun {year}.</source>
            <translation>Row {row}: the date {day} is not in {year}. This table is only for the holidays of {year}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="109" />
            <source>Baris {row} ({day}): nama hari libur masih kosong.</source>
            <translation>Row {row} ({day}): the holiday name is empty.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="116" />
            <source>Baris {row} ({day}): nama hari libur terlalu panjang ({length} huruf, paling banyak {limit}).</source>
            <translation>Row {row} ({day}): the holiday name is too long ({length} characters, at most {limit}).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="126" />
            <source>Baris {row}: tanggal {day} sudah ada di baris {first_row}. Satu tanggal cukup satu baris (gabungkan namanya).</source>
            <translation>Row {row}: the date {day} is already in row {first_row}. One date needs only one row (combine the names).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="252" />
            <source>UMK {regency} tahun {year}: Nomor SK Gubernur terlalu panjang (paling banyak {limit} huruf).</source>
            <translation>UMK {regency} {year}: the Governor's decree number is too long (at most {limit} characters).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="261" />
            <source>UMK {regency} tahun {year}: Tanggal SK Gubernur {day} setelah hari ini. Periksa tanggal SK-nya.</source>
            <translation>UMK {regency} {year}: the Governor's decree date {day} is after today. Check the decree date.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="272" />
            <source>UMK {regency} tahun {year} belum ada: isi jumlahnya sebelum menandai Dikonfirmasi.</source>
            <translation>UMK {regency} {year} is empty: enter the amount before marking it Confirmed.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="279" />
            <source>UMK {regency} tahun {year} belum dapat dikonfirmasi: isi Nomor SK Gubernur dan Tanggal SK yang menetapkannya.</source>
            <translation>UMK {regency} {year} cannot be confirmed yet: enter the number and date of the Governor's decree that sets it.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="372" />
            <source>Kode kab/kota '{regency}' bukan wilayah Kalimantan Timur atau Kalimantan Utara.</source>
            <translation>Regency/city code '{regency}' is not in East Kalimantan or North Kalimantan.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="233" />
            <source>UMK {regency} tahun {year}: jumlah harus rupiah bulat lebih dari Rp0.</source>
            <translation>Minimum wage (UMK) of {regency} for {year}: the amount must be whole rupiah above Rp0.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/edit.py" line="240" />
            <source>UMK {regency} tahun {year}: {amount} terlalu besar (periksa jumlah nolnya).</source>
            <translation>Minimum wage (UMK) of {regency} for {year}: {amount} is too large (check the number of zeros).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/importing/bulk_writer.py" line="42" />
            <source>Proses penyimpanan impor berhenti tiba-tiba; database tidak diubah.</source>
            <translation>The import save process stopped unexpectedly; the database was not changed.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/importing/bulk_writer.py" line="108" />
            <source>Penyimpanan impor gagal: {reason}. Database tidak diubah.</source>
            <translation>Saving the import failed: {reason}. The database was not changed.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/importing/bulk_writer.py" line="157" />
            <source>Proses penyimpanan impor tidak menyelesaikan penyimpanan.</source>
            <translation>The import save process did not finish saving.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/importing/importer.py" line="168" />
            <source>Lembar '{sheet}' di berkas '{file}': baris judul kolom (NIK, Nama, ...) tidak ditemukan dalam {rows} baris pertama.</source>
            <translation>Sheet '{sheet}' in file '{file}': the column header row (NIK, Nama, ...) was not found in the first {rows} rows.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/importing/importer.py" line="185" />
            <source>Lembar '{sheet}' di berkas '{file}': kolom wajib {columns} tidak ditemukan. Pilih kolomnya di pemetaan kolom.</source>
            <translation>Sheet '{sheet}' in file '{file}': required column(s) {columns} not found. Choose the columns in the column mapping.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/importing/preview.py" line="49" />
            <source>Buku kerja '{file}' kosong: tidak ada data di lembar mana pun.</source>
            <translation>Workbook '{file}' is empty: no sheet holds any data.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/error_workbook.py" line="102" />
            <source>Laporan baris ditolak tidak boleh menimpa berkas yang diimpor.</source>
            <translation>The rejected rows report cannot overwrite the imported file.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/error_workbook.py" line="111" />
            <source>Laporan baris ditolak tidak dapat disimpan ke '{target}': {reason}.</source>
            <translation>The rejected rows report could not be saved to '{target}': {reason}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="119" />
            <source>Berkas '{file}' tidak dapat dibaca: isinya halaman web (HTML) yang diberi nama seperti berkas Excel. Buka berkas itu di Excel lalu simpan sebagai .xlsx (Berkas &gt; Simpan Sebagai &gt; "Buku Kerja Excel (*.xlsx)").</source>
            <translation>File '{file}' cannot be read: it is a web page (HTML) named like an Excel file. Open the file in Excel and save it as .xlsx (File &gt; Save As &gt; "Excel Workbook (*.xlsx)").</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="127" />
            <source>Berkas '{file}' tidak dapat dibaca: isinya format lama 'XML Spreadsheet 2003', bukan buku kerja Excel biasa. Buka berkas itu di Excel lalu simpan sebagai .xlsx (Berkas &gt; Simpan Sebagai &gt; "Buku Kerja Excel (*.xlsx)").</source>
            <translation>File '{file}' cannot be read: it is in the old 'XML Spreadsheet 2003' format, not a normal Excel workbook. Open the file in Excel and save it as .xlsx (File &gt; Save As &gt; "Excel Workbook (*.xlsx)").</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="135" />
            <source>Berkas '{file}' tidak dapat dibaca: isinya berkas teks CSV yang diberi nama seperti berkas Excel. Buka berkas itu di Excel lalu simpan sebagai .xlsx (Berkas &gt; Simpan Sebagai &gt; "Buku Kerja Excel (*.xlsx)").</source>
            <translation>File '{file}' cannot be read: it is a CSV text file named like an Excel file. Open the file in Excel and save it as .xlsx (File &gt; Save As &gt; "Excel Workbook (*.xlsx)").</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="142" />
            <source>Berkas '{file}' tidak dapat dibaca: isinya berkas teks biasa, bukan buku kerja Excel. Buka berkas itu di Excel lalu simpan sebagai .xlsx (Berkas &gt; Simpan Sebagai &gt; "Buku Kerja Excel (*.xlsx)").</source>
            <translation>File '{file}' cannot be read: it is a plain text file, not an Excel workbook. Open the file in Excel and save it as .xlsx (File &gt; Save As &gt; "Excel Workbook (*.xlsx)").</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="158" />
            <source>Berkas '{file}' tidak dapat dibaca: berkas tidak ditemukan.</source>
            <translation>File '{file}' cannot be read: the file was not found.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="164" />
            <source>Berkas '{file}' tidak dapat dibaca: yang dipilih adalah folder, bukan berkas.</source>
            <translation>File '{file}' cannot be read: a folder was chosen, not a file.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="170" />
            <source>Berkas '{file}' tidak dapat dibaca: berkas tidak dapat dibuka ({reason}).</source>
            <translation>File '{file}' cannot be read: the file cannot be opened ({reason}).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="177" />
            <source>Berkas '{file}' tidak dapat dibaca: berkas kosong (0 byte). Mungkin unduhan atau salinannya gagal.</source>
            <translation>File '{file}' cannot be read: the file is empty (0 bytes). The download or copy may have failed.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="189" />
            <source>Berkas '{file}' tidak dapat dibaca: berkas rusak atau terpotong (mungkin unduhannya tidak selesai).</source>
            <translation>File '{file}' cannot be read: the file is damaged or cut off (the download may not have finished).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="198" />
            <source>Berkas '{file}' tidak dapat dibaca: format berkas tidak dikenal; ini bukan buku kerja Excel (.xlsx).</source>
            <translation>File '{file}' cannot be read: unknown file format; this is not an Excel workbook (.xlsx).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="216" />
            <source>Berkas '{file}' tidak dapat dibaca: berkas rusak atau terpotong (mungkin unduhan atau salinannya tidak selesai). Minta atau salin ulang berkasnya.</source>
            <translation>File '{file}' cannot be read: the file is damaged or cut off (the download or copy may not have finished). Ask for the file again or copy it again.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="230" />
            <source>Berkas '{file}' tidak dapat dibaca: ini dokumen Word, bukan buku kerja Excel.</source>
            <translation>File '{file}' cannot be read: this is a Word document, not an Excel workbook.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="236" />
            <source>Berkas '{file}' tidak dapat dibaca: ini presentasi PowerPoint, bukan buku kerja Excel.</source>
            <translation>File '{file}' cannot be read: this is a PowerPoint presentation, not an Excel workbook.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="243" />
            <source>Berkas '{file}' tidak dapat dibaca: ini dokumen OpenDocument yang bukan lembar kerja (spreadsheet).</source>
            <translation>File '{file}' cannot be read: this is an OpenDocument file that is not a spreadsheet.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="249" />
            <source>Berkas '{file}' tidak dapat dibaca: ini arsip ZIP biasa, bukan buku kerja Excel. Ekstrak dulu isinya.</source>
            <translation>File '{file}' cannot be read: this is a plain ZIP archive, not an Excel workbook. Extract its contents first.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="260" />
            <source>Berkas '{file}' tidak dapat dibaca: buku kerja dilindungi kata sandi. Buka di Excel dengan kata sandinya, hapus kata sandi (Berkas &gt; Info &gt; Lindungi Buku Kerja &gt; Enkripsi dengan Kata Sandi, kosongkan), simpan, lalu impor lagi.</source>
            <translation>File '{file}' cannot be read: the workbook is password-protected. Open it in Excel with its password, remove the password (File &gt; Info &gt; Protect Workbook &gt; Encrypt with Password, clear it), save, then import again.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="271" />
            <source>Berkas '{file}' tidak dapat dibaca: format Excel 5.0/95 yang sangat lama dan tidak didukung. Buka berkas itu di Excel, pilih Berkas &gt; Simpan Sebagai, pilih jenis "Buku Kerja Excel (*.xlsx)", lalu impor berkas .xlsx tersebut.</source>
            <translation>File '{file}' cannot be read: the very old Excel 5.0/95 format is not supported. Open the file in Excel, choose File &gt; Save As, pick the type "Excel Workbook (*.xlsx)", then import that .xlsx file.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="279" />
            <source>Berkas '{file}' tidak dapat dibaca: ini berkas Office lama yang bukan buku kerja Excel (misalnya dokumen .doc).</source>
            <translation>File '{file}' cannot be read: this is an old Office file that is not an Excel workbook (for example a .doc document).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="321" />
            <source>Lembar '{sheet}' tidak ada di berkas '{file}'. Lembar yang ada: {available}.</source>
            <translation>Sheet '{sheet}' is not in file '{file}'. Sheets present: {available}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="335" />
            <source>Berkas '{file}' tidak dapat dibaca: buku kerja dilindungi kata sandi.</source>
            <translation>File '{file}' cannot be read: the workbook is password-protected.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="343" />
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="392" />
            <source>Berkas '{file}' tidak dapat dibaca: lembar '{sheet}' rusak dan tidak dapat dibaca.</source>
            <translation>File '{file}' cannot be read: sheet '{sheet}' is damaged and cannot be read.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="416" />
            <source>Berkas '{file}' tidak dapat dibaca: buku kerja dilindungi kata sandi. Hapus kata sandinya di Excel.</source>
            <translation>File '{file}' cannot be read: the workbook is password-protected. Remove its password in Excel.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="426" />
            <source>Berkas '{file}' tidak dapat dibaca: berkas .xls lama ini rusak atau memakai format yang tidak didukung. Buka berkas itu di Excel, pilih Berkas &gt; Simpan Sebagai, pilih jenis "Buku Kerja Excel (*.xlsx)", lalu impor berkas .xlsx tersebut.</source>
            <translation>File '{file}' cannot be read: this old .xls file is damaged or uses an unsupported format. Open the file in Excel, choose File &gt; Save As, pick the type "Excel Workbook (*.xlsx)", then import that .xlsx file.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="434" />
            <source>Berkas '{file}' tidak dapat dibaca: berkas rusak (isi buku kerja tidak utuh). Minta atau salin ulang berkasnya.</source>
            <translation>File '{file}' cannot be read: the file is damaged (the workbook contents are incomplete). Ask for the file again or copy it again.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="444" />
            <source>Berkas '{file}' tidak dapat dibaca: berkas .xls ini rusak atau tidak berisi lembar kerja. Buka berkas itu di Excel, pilih Berkas &gt; Simpan Sebagai, pilih jenis "Buku Kerja Excel (*.xlsx)", lalu impor berkas .xlsx tersebut.</source>
            <translation>File '{file}' cannot be read: this .xls file is damaged or has no worksheets. Open the file in Excel, choose File &gt; Save As, pick the type "Excel Workbook (*.xlsx)", then import that .xlsx file.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/spreadsheets/reader.py" line="452" />
            <source>Berkas '{file}' tidak dapat dibaca: buku kerja tidak berisi lembar kerja.</source>
            <translation>File '{file}' cannot be read: the workbook has no worksheets.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/identifiers.py" line="40" />
            <source>NPWP '{value}' harus 15 atau 16 digit angka (contoh 01.855.081.4-412.000).</source>
            <translation>NPWP '{value}' must be 15 or 16 digits (for example 01.855.081.4-412.000).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/identifiers.py" line="52" />
            <source>NPWP '{value}' tidak valid: digit pemeriksanya salah. Periksa kembali.</source>
            <translation>NPWP '{value}' is not valid: its check digit is wrong. Please check it again.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/identifiers.py" line="86" />
            <source>NIB '{value}' harus 13 digit angka (Nomor Induk Berusaha OSS).</source>
            <translation>NIB '{value}' must be 13 digits (OSS business identification number).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/identifiers.py" line="102" />
            <source>Kode KBLI '{value}' harus 5 digit angka (contoh 01262).</source>
            <translation>KBLI code '{value}' must be 5 digits (for example 01262).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/identifiers.py" line="118" />
            <source>NPP '{value}' hanya boleh berisi huruf dan angka (maks. 20).</source>
            <translation>NPP '{value}' may contain only letters and digits (at most 20).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/importing/contributions.py" line="181" />
            <source>Berkas '{file}' lembar '{sheet}': kolom Periode (atau Tahun dan Bulan) tidak ditemukan.</source>
            <translation>File '{file}', sheet '{sheet}': no Periode column (or Tahun and Bulan columns) found.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/importing/sheet.py" line="119" />
            <source>Berkas '{file}': baris judul kolom tidak ditemukan di {rows} baris pertama lembar mana pun. Kolom wajib: {labels}.</source>
            <translation>File '{file}': no column header row found in the first {rows} rows of any sheet. Required columns: {labels}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/dating.py" line="35" />
            <source>Tanggal surat {date} sesudah hari ini ({today}): surat bernomor tidak boleh diberi tanggal yang akan datang.</source>
            <translation>Letter date {date} is after today ({today}): a numbered letter cannot carry a future date.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/dating.py" line="43" />
            <source>Tanggal surat {date} bukan hari kerja (akhir pekan atau hari libur). Pilih hari kerja.</source>
            <translation>Letter date {date} is not a working day (weekend or public holiday). Choose a working day.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/dating.py" line="51" />
            <source>Tanggal surat {date} lebih awal dari surat terakhir di register ({latest}): nomor surat harus urut menurut tanggal, jadi surat tidak boleh bertanggal mundur.</source>
            <translation>Letter date {date} is earlier than the latest letter in the register ({latest}): letter numbers follow the dates, so a letter cannot be backdated.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/case_steps.py" line="59" />
            <source>Kasus kepatuhan untuk {employer} baru saja dibuka dari komputer lain: muat ulang daftar dan periksa kembali sebelum menerbitkan surat.</source>
            <translation>A compliance case for {employer} was just opened from another computer: reload the list and check again before issuing letters.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/case_steps.py" line="83" />
            <source>Kasus kepatuhan {employer} sudah berubah sejak diperiksa (mungkin dari komputer lain): muat ulang daftar dan periksa kembali sebelum menerbitkan surat.</source>
            <translation>The compliance case of {employer} changed since it was checked (perhaps from another computer): reload the list and check again before issuing letters.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="207" />
            <source>Kasus belum dapat ditutup sebagai patuh: masih tercatat {violations}. Catat pembayaran atau temuan yang menyelesaikannya lebih dulu, atau tutup sebagai dicabut dengan alasannya.</source>
            <translation>The case cannot be closed as complied: {violations} is still recorded. Record the payment or finding that settles it first, or close it as withdrawn with its reason.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="229" />
            <source>Alasan penutupan kasus '{reason}' tidak dikenal. Pilihan: {choices}.</source>
            <translation>Unknown reason '{reason}' for closing a case. Choices: {choices}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="237" />
            <source>Kasus yang dicabut memerlukan keterangan alasannya.</source>
            <translation>A withdrawn case needs a note giving the reason.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="242" />
            <source>Tanggal penutupan kasus tidak boleh setelah hari ini.</source>
            <translation>A case cannot be closed after today.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="246" />
            <source>Kasus yang selesai memerlukan keterangan bagaimana kasus itu selesai.</source>
            <translation>A resolved case needs a note saying how it was resolved.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="253" />
            <location filename="../../kantor_app/services/letters/fine_base.py" line="49" />
            <source>Kasus kepatuhan tidak ditemukan.</source>
            <translation>Compliance case not found.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="255" />
            <source>Kasus ini sudah ditutup pada {date}.</source>
            <translation>This case was already closed on {date}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="261" />
            <source>Tanggal penutupan kasus tidak boleh sebelum kasus dibuka ({date}).</source>
            <translation>A case cannot be closed before it was opened ({date}).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="364" />
            <source>NPP tidak ditemukan: {npps}.</source>
            <translation>NPP not found: {npps}.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/cases.py" line="396" />
            <source>Tidak ada kasus kepatuhan dengan surat bernomor '{reference}'.</source>
            <translation>No compliance case has a letter numbered '{reference}'.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/employers/dues.py" line="44" />
            <source>{reason} Lengkapi tabel tarif di Pengaturan.</source>
            <translation>{reason} Complete the rate table in Settings.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/addressees.py" line="58" />
            <source>Kab/kota perusahaan belum diisi: {employers}. Isi kab/kota di data perusahaan agar tembusan surat sampai ke dinas tenaga kerjanya.</source>
            <translation>The employer's kab/kota is not filled in: {employers}. Fill in the kab/kota in the employer's data so that the letter's copies reach its labour office.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/addressees.py" line="70" />
            <source>Dinas tenaga kerja untuk tembusan belum ada untuk {regions}. Isi namanya di Pengaturan &gt; Wilayah Kerja.</source>
            <translation>There is no labour office for the copies (tembusan) of {regions}. Fill in its name in Settings &gt; Service area.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/readiness.py" line="52" />
            <source>Surat bernomor belum dapat diterbitkan: {fields} masih berisi contoh bawaan. Isi data kantor cabang yang sebenarnya di Pengaturan &gt; Kop &amp; Penandatangan.</source>
            <translation>Numbered letters cannot be issued yet: {fields} still hold the shipped example. Enter the branch office's real details in Settings &gt; Letterhead &amp; Signatory.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/readiness.py" line="60" />
            <source>{count} perusahaan berada di luar wilayah kerja cabang: {employers}. Pastikan surat memang dikirim dari cabang ini, lalu terbitkan dengan konfirmasi (atau ubah wilayah kerja di Pengaturan &gt; Wilayah Kerja).</source>
            <translation>{count} employers are outside the branch's service area: {employers}. Make sure the letters are meant to come from this branch, then issue them with confirmation (or change the service area in Settings &gt; Service area).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/labour_offices.py" line="123" />
            <source>Kode wilayah '{region}' bukan wilayah Kalimantan Timur atau Kalimantan Utara.</source>
            <translation>Region code '{region}' is not in East Kalimantan or North Kalimantan.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/labour_offices.py" line="130" />
            <source>Nama dinas tenaga kerja {region} wajib diisi: surat menembuskan ke dinas ini.</source>
            <translation>The labour office name of {region} is required: letters send copies to this office.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/labour_offices.py" line="136" />
            <source>Nama dinas tenaga kerja {region} terlalu panjang (paling banyak {limit} huruf).</source>
            <translation>The labour office name of {region} is too long (at most {limit} characters).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/labour_offices.py" line="145" />
            <source>Wilayah kerja hanya memuat kab/kota Kalimantan Timur dan Kalimantan Utara; '{region}' bukan salah satunya.</source>
            <translation>The service area holds only kab/kota of East and North Kalimantan; '{region}' is not one of them.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/reference/labour_offices.py" line="152" />
            <source>Pilih sedikitnya satu kab/kota sebagai wilayah kerja cabang.</source>
            <translation>Choose at least one kab/kota as the branch's service area.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/fine_base.py" line="37" />
            <source>Iuran yang seharusnya dibayar harus lebih dari Rp0.</source>
            <translation>The contributions owed must be more than Rp0.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/fine_base.py" line="41" />
            <source>Sebutkan sumber angka iuran yang seharusnya dibayar (mis. nomor dan tanggal berita acara pemeriksaan).</source>
            <translation>Name the source of the contributions owed (e.g. the number and date of the inspection report).</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/fine_base.py" line="52" />
            <source>Dasar denda hanya dapat diisi untuk kasus yang masih berjalan dan belum sampai tahap denda.</source>
            <translation>A fine base can be entered only for an open case that has not reached its fine.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/letters/fine_base.py" line="58" />
            <source>Kasus ini memuat tunggakan iuran: dasar dendanya adalah tunggakan tersebut.</source>
            <translation>This case holds arrears: its fine base is those arrears.</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="87" />
            <location filename="../../kantor_app/ui/settings/dialog.py" line="418" />
            <location filename="../../kantor_app/ui/settings/dialog.py" line="452" />
            <source>Pengaturan cabang</source>
            <translation>Branch settings</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="91" />
            <source>Kop &amp;&amp; Penandatangan</source>
            <translation>Letterhead &amp;&amp; Signatory</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="92" />
            <source>Nomor Surat</source>
            <translation>Letter Numbers</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="100" />
            <source>Hari Libur</source>
            <translation>Holidays</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="101" />
            <source>UMK</source>
            <translation>Minimum Wages</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="102" />
            <source>Wilayah Kerja</source>
            <translation>Service Area</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="113" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="114" />
            <source>Batal</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="116" />
            <source>&amp;Pratinjau surat…</source>
            <translation>&amp;Preview letter…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="147" />
            <location filename="../../kantor_app/ui/settings/dialog.py" line="340" />
            <source>tanpa logo</source>
            <translation>no logo</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="148" />
            <source>Pilih…</source>
            <translation>Choose…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="150" />
            <source>Tanpa logo</source>
            <translation>No logo</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="165" />
            <source>kosong: tidak dicetak</source>
            <translation>empty: not printed</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="170" />
            <source> hari kerja</source>
            <translation> working days</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="172" />
            <source>Kop surat</source>
            <translation>Letterhead</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="175" />
            <source>Nama instansi:</source>
            <translation>Organisation:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="176" />
            <source>Nama kantor cabang:</source>
            <translation>Branch office:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="177" />
            <source>Alamat:</source>
            <translation>Address:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="178" />
            <source>Telepon:</source>
            <translation>Phone:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="179" />
            <source>Surel:</source>
            <translation>Email:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="180" />
            <source>Situs web:</source>
            <translation>Website:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="181" />
            <source>Logo (PNG/JPG):</source>
            <translation>Logo (PNG/JPG):</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="183" />
            <source>Penandatangan</source>
            <translation>Signatory</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="186" />
            <source>Jabatan:</source>
            <translation>Position:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="187" />
            <source>Nama:</source>
            <translation>Name:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="188" />
            <source>NPK:</source>
            <translation>Staff no. (NPK):</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="189" />
            <source>Tempat surat:</source>
            <translation>Place on letters:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="190" />
            <source>Waktu antar surat:</source>
            <translation>Delivery allowance:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="195" />
            <source>nomor urut tahunan (1, 2, 3 …)</source>
            <translation>yearly running number (1, 2, 3 …)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="196" />
            <source>nomor urut tiga digit (001, 002 …)</source>
            <translation>three-digit running number (001, 002 …)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="197" />
            <source>kode klasifikasi jenis surat</source>
            <translation>classification code of the letter kind</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="198" />
            <source>bulan terbit, angka (1–12)</source>
            <translation>month of issue, number (1–12)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="199" />
            <source>bulan terbit, angka Romawi (I–XII)</source>
            <translation>month of issue, Roman numeral (I–XII)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="200" />
            <source>tahun terbit, empat digit</source>
            <translation>year of issue, four digits</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="214" />
            <source>Pola nomor surat:</source>
            <translation>Letter number pattern:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="224" />
            <source>Kolom yang boleh dipakai:</source>
            <translation>Fields you may use:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="229" />
            <source>Kode klasifikasi per jenis surat ({kode})</source>
            <translation>Classification code per letter kind ({kode})</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="310" />
            <source>Contoh hari ini (%1, nomor urut %2): %3</source>
            <translation>Example today (%1, running number %2): %3</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="327" />
            <source>Berkas logo '%1' tidak ditemukan.</source>
            <translation>Logo file '%1' not found.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="329" />
            <source>Logo harus gambar PNG atau JPG: '%1'.</source>
            <translation>The logo must be a PNG or JPG image: '%1'.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="331" />
            <source>Berkas logo '%1' bukan gambar yang dapat dibaca.</source>
            <translation>Logo file '%1' is not a readable image.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="344" />
            <source>tidak terbaca</source>
            <translation>unreadable</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="360" />
            <source>Pilih logo kop surat</source>
            <translation>Choose the letterhead logo</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="362" />
            <source>Gambar (*.png *.jpg *.jpeg)</source>
            <translation>Images (*.png *.jpg *.jpeg)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="370" />
            <source>Nama instansi</source>
            <translation>Organisation</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="371" />
            <source>Nama kantor cabang</source>
            <translation>Branch office</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="372" />
            <source>Alamat</source>
            <translation>Address</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="373" />
            <source>Jabatan penandatangan</source>
            <translation>Signatory position</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="374" />
            <source>Nama penandatangan</source>
            <translation>Signatory name</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="375" />
            <source>Tempat surat</source>
            <translation>Place on letters</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="379" />
            <source>%1 wajib diisi.</source>
            <translation>%1 is required.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="389" />
            <source>Kode klasifikasi %1 wajib diisi.</source>
            <translation>The classification code of %1 is required.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/dialog.py" line="393" />
            <source>Kode klasifikasi %1 tidak boleh memuat { atau }.</source>
            <translation>The classification code of %1 may not contain { or }.</translation>
        </message>
    </context>
    <context>
        <name>Task</name>
        <message>
            <location filename="../../kantor_app/ui/tasks.py" line="103" />
            <source>Terjadi kesalahan tak terduga; tidak ada data yang berubah.</source>
            <translation>An unexpected error occurred; no data was changed.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/tasks.py" line="107" />
            <source>Rincian teknis: %1</source>
            <translation>Technical details: %1</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/tasks.py" line="143" />
            <source>Batal</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/tasks.py" line="171" />
            <source>Membatalkan…</source>
            <translation>Cancelling…</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/operations.py" line="96" />
            <location filename="../../kantor_app/ui/tasks.py" line="208" />
            <source>Gagal</source>
            <translation>Failed</translation>
        </message>
    </context>
    <context>
        <name>WorkerDialog</name>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="60" />
            <source>Tambah peserta</source>
            <translation>Add participant</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="60" />
            <source>Ubah peserta</source>
            <translation>Edit participant</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="78" />
            <source>16 digit, mis. 6472014508900012</source>
            <translation>16 digits, e.g. 6472014508900012</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="89" />
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="92" />
            <source>(dari NIK)</source>
            <translation>(from NIK)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="93" />
            <source>Laki-laki</source>
            <translation>Male</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="94" />
            <source>Perempuan</source>
            <translation>Female</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="99" />
            <source>(belum dipilih)</source>
            <translation>(not chosen)</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="112" />
            <source>rupiah per bulan</source>
            <translation>rupiah per month</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="127" />
            <source>&amp;NIK</source>
            <translation>&amp;NIK</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="129" />
            <source>Na&amp;ma</source>
            <translation>Na&amp;me</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="130" />
            <source>Tanggal &amp;lahir</source>
            <translation>Date of &amp;birth</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="131" />
            <source>Jenis &amp;kelamin</source>
            <translation>Se&amp;x</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="132" />
            <source>&amp;Alamat</source>
            <translation>&amp;Address</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="133" />
            <source>Kabupaten/&amp;Kota</source>
            <translation>Regency/&amp;City</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="134" />
            <source>K&amp;ecamatan</source>
            <translation>&amp;District</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="135" />
            <source>&amp;Desa/Kelurahan</source>
            <translation>&amp;Village</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="136" />
            <source>&amp;Pekerjaan</source>
            <translation>&amp;Occupation</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="137" />
            <source>No &amp;HP</source>
            <translation>&amp;Phone</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="138" />
            <source>Pengh&amp;asilan</source>
            <translation>&amp;Income</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="139" />
            <source>&amp;Segmen</source>
            <translation>&amp;Segment</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="140" />
            <source>S&amp;tatus</source>
            <translation>S&amp;tatus</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="145" />
            <source>Simpan</source>
            <translation>Save</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="146" />
            <source>Batal</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="158" />
            <source>Peserta ini sudah tidak ada di basis data.</source>
            <translation>This participant no longer exists in the database.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="186" />
            <source>NIK valid</source>
            <translation>NIK valid</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="193" />
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="194" />
            <source>Nama wajib diisi.</source>
            <translation>Name is required.</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/roster/worker_dialog.py" line="241" />
            <source>Menyimpan peserta</source>
            <translation>Saving participant</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/query.py" line="67" />
            <source>Aktif</source>
            <translation>Active</translation>
        </message>
        <message>
            <location filename="../../kantor_app/services/roster/query.py" line="67" />
            <source>Nonaktif</source>
            <translation>Inactive</translation>
        </message>
    </context>
    <context>
        <name>YearTablePage</name>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="89" />
            <source>Simpan</source>
            <translation>Save</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="93" />
            <source>Tahun:</source>
            <translation>Year:</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="151" />
            <source>Perubahan belum disimpan</source>
            <translation>Unsaved changes</translation>
        </message>
        <message>
            <location filename="../../kantor_app/ui/settings/tables.py" line="152" />
            <source>Perubahan %1 tahun %2 belum disimpan. Buang perubahan itu?</source>
            <translation>The changes to %1 for %2 are not saved. Discard them?</translation>
        </message>
    </context>
</TS>
